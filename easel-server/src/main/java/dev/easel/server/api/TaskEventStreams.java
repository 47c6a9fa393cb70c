package dev.easel.server.api;

import dev.easel.server.events.TaskEvent;
import dev.easel.server.events.TaskEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Server-Sent Event streams of tasks over Spring's {@link SseEmitter}.
 *
 * <p>Events are published on store and worker threads; each stream queues them and a small
 * sender pool writes them in order, so a slow client never blocks a publisher. A comment line is
 * sent on idle streams every heartbeat interval so that proxies keep the connection. Thread-safe.
 */
public final class TaskEventStreams implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskEventStreams.class);

    private final TaskEvents events;
    private final Duration timeout;
    private final Duration heartbeat;
    private final ExecutorService senders = Executors.newFixedThreadPool(2, r -> daemon(r, "easel-sse-sender"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "easel-sse-heartbeat"));

    public TaskEventStreams(TaskEvents events, Duration timeout, Duration heartbeat) {
        this.events = events;
        this.timeout = timeout;
        this.heartbeat = heartbeat;
    }

    /** Opens a stream of a task's events after {@code lastEventId} (from the start when {@code null}). */
    SseEmitter open(String taskId, String lastEventId) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Stream stream = new Stream(emitter);
        TaskEvents.Subscription subscription = events.subscribe(taskId, lastEventId, stream::enqueue);
        stream.subscription = subscription;
        if (!subscription.isActive()) {
            stream.enqueueEnd();
        }
        Runnable close = () -> {
            stream.closed.set(true);
            subscription.close();
            stream.stopHeartbeat();
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        stream.heartbeatTask = heartbeats.scheduleAtFixedRate(stream::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
        return emitter;
    }

    @Override
    public void close() {
        senders.shutdownNow();
        heartbeats.shutdownNow();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One client connection: an ordered queue of events drained by one sender at a time. */
    private final class Stream {
        private static final TaskEvent END = new TaskEvent("", "", java.util.Map.of(), true);

        private final SseEmitter emitter;
        private final ConcurrentLinkedQueue<TaskEvent> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile TaskEvents.Subscription subscription;
        private volatile ScheduledFuture<?> heartbeatTask;
        private volatile long lastSentMillis = System.currentTimeMillis();

        Stream(SseEmitter emitter) {
            this.emitter = emitter;
        }

        void enqueue(TaskEvent event) {
            queue.add(event);
            if (event.terminal()) {
                queue.add(END);
            }
            schedule();
        }

        void enqueueEnd() {
            queue.add(END);
            schedule();
        }

        void heartbeat() {
            if (closed.get() || System.currentTimeMillis() - lastSentMillis < heartbeat.toMillis()) {
                return;
            }
            senders.execute(() -> {
                try {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } catch (IOException | IllegalStateException e) {
                    closed.set(true);
                }
            });
        }

        void stopHeartbeat() {
            ScheduledFuture<?> task = heartbeatTask;
            if (task != null) {
                task.cancel(false);
            }
        }

        private void schedule() {
            if (draining.compareAndSet(false, true)) {
                senders.execute(this::drain);
            }
        }

        private void drain() {
            try {
                TaskEvent event;
                while ((event = queue.poll()) != null) {
                    if (closed.get()) {
                        queue.clear();
                        return;
                    }
                    send(event);
                }
            } finally {
                draining.set(false);
                if (!queue.isEmpty()) {
                    schedule();
                }
            }
        }

        private void send(TaskEvent event) {
            try {
                if (event == END) {
                    closed.set(true);
                    if (subscription != null) {
                        subscription.close();
                    }
                    stopHeartbeat();
                    emitter.complete();
                    return;
                }
                emitter.send(SseEmitter.event().id(event.id()).name(event.type()).data(event.data(), MediaType.APPLICATION_JSON));
                lastSentMillis = System.currentTimeMillis();
            } catch (IOException | IllegalStateException e) {
                log.atDebug().setCause(e).log("SSE client went away");
                closed.set(true);
                if (subscription != null) {
                    subscription.close();
                }
                stopHeartbeat();
            }
        }
    }
}
