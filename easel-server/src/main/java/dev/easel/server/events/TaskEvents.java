package dev.easel.server.events;

import dev.easel.core.task.TaskState;
import dev.easel.server.store.TaskStore;
import dev.easel.server.store.TransitionRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The live side of task notifications: per-task event streams for SSE, and the progress of
 * running tasks.
 *
 * <p>A task's stream exists in memory from the first subscription until it has had no subscriber
 * for the retention period; on creation it is seeded with the task's stored timeline, so a client
 * that connects late still receives every transition. Callers publish a transition only after it was
 * committed to the store. Progress and position events are not stored: a stream created after
 * they happened does not contain them.
 *
 * <p>Thread-safe.
 */
public final class TaskEvents {

    /**
     * Progress of a running attempt.
     *
     * @param attempt     attempt number
     * @param step        steps done
     * @param total       steps in the run
     * @param atMillis    when the step was reported
     * @param startedAtMillis when the attempt started
     */
    public record Progress(int attempt, int step, int total, long atMillis, long startedAtMillis) {
    }

    private final TaskStore store;
    private final int maxEventsPerTask;
    private final Duration retention;
    private final Map<String, TaskEventLog> logs = new ConcurrentHashMap<>();
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastPositions = new ConcurrentHashMap<>();

    public TaskEvents(TaskStore store, int maxEventsPerTask, Duration retention) {
        this.store = store;
        this.maxEventsPerTask = maxEventsPerTask;
        this.retention = retention;
    }

    /** Publishes a committed transition. */
    public void transition(TransitionRecord transition) {
        if (transition.to() != TaskState.RUNNING) {
            progress.remove(transition.taskId());
        }
        if (transition.to() != TaskState.QUEUED) {
            lastPositions.remove(transition.taskId());
        }
        // computeIfPresent waits for a seed in progress, so a transition committed after the seed
        // read the store still reaches the new log.
        logs.computeIfPresent(transition.taskId(), (id, log) -> {
            log.append("transition", transitionData(transition), transitionKey(transition), transition.to().isTerminal());
            return log;
        });
    }

    /** Publishes a progress step of a running attempt. Steps of one attempt arrive in order. */
    public void progress(String taskId, int attempt, int step, int total, long startedAtMillis) {
        long now = System.currentTimeMillis();
        progress.put(taskId, new Progress(attempt, step, total, now, startedAtMillis));
        TaskEventLog log = logs.get(taskId);
        if (log != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("task_id", taskId);
            data.put("attempt", attempt);
            data.put("step", step);
            data.put("total", total);
            data.put("at", Instant.ofEpochMilli(now).toString());
            log.append("progress", data, null, false);
        }
    }

    /**
     * Publishes the queue position of a queued task when it changed since the last one published.
     *
     * @param startAtMillis  projected start, milliseconds since the epoch, or -1
     * @param finishAtMillis projected finish, milliseconds since the epoch, or -1
     */
    public void position(String taskId, int position, long startAtMillis, long finishAtMillis) {
        Integer previous = lastPositions.put(taskId, position);
        if (previous != null && previous == position) {
            return;
        }
        TaskEventLog log = logs.get(taskId);
        if (log != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("task_id", taskId);
            data.put("position", position);
            data.put("eta_start", startAtMillis < 0 ? null : Instant.ofEpochMilli(startAtMillis).toString());
            data.put("eta_finish", finishAtMillis < 0 ? null : Instant.ofEpochMilli(finishAtMillis).toString());
            log.append("position", data, null, false);
        }
    }

    /**
     * Subscribes to a task's stream: sends what came after {@code lastEventId} (everything when
     * it is {@code null} or unknown), then each new event, until a terminal transition.
     *
     * @return a handle that ends the subscription; already ended when the task had finished
     */
    public Subscription subscribe(String taskId, String lastEventId, Consumer<TaskEvent> subscriber) {
        TaskEventLog log = logs.computeIfAbsent(taskId, id -> seed(id));
        boolean registered = log.subscribe(lastEventId, subscriber);
        return new Subscription(() -> log.unsubscribe(subscriber), registered);
    }

    /** Returns the latest progress of a running task. */
    public Optional<Progress> progressOf(String taskId) {
        return Optional.ofNullable(progress.get(taskId));
    }

    /** Returns the tasks whose streams exist and have not ended: the ones worth a position update. */
    public Set<String> watchedTasks() {
        return logs.entrySet().stream()
                .filter(e -> !e.getValue().isTerminal())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Drops streams without subscribers for longer than the retention; returns how many. */
    public int evictIdle() {
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        int before = logs.size();
        logs.entrySet().removeIf(e -> !e.getValue().hasSubscribers() && e.getValue().lastTouchedMillis() < cutoff);
        lastPositions.keySet().retainAll(logs.keySet());
        return before - logs.size();
    }

    /** Forgets the progress of a task whose attempt ended. */
    public void clearProgress(String taskId) {
        progress.remove(taskId);
    }

    private TaskEventLog seed(String taskId) {
        TaskEventLog log = new TaskEventLog(maxEventsPerTask);
        // Seeding runs inside computeIfAbsent, so a concurrent transition publish waits for it and
        // then finds the log. The transition key drops a transition both read here and published.
        for (TransitionRecord transition : store.timeline(taskId)) {
            log.append("transition", transitionData(transition), transitionKey(transition), transition.to().isTerminal());
        }
        return log;
    }

    private static String transitionKey(TransitionRecord transition) {
        return transition.to().name() + ":" + transition.attempt();
    }

    /** Returns the SSE and API representation of a transition. */
    public static Map<String, Object> transitionData(TransitionRecord transition) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", transition.taskId());
        data.put("from", transition.from() == null ? null : transition.from().wireName());
        data.put("to", transition.to().wireName());
        data.put("attempt", transition.attempt());
        data.put("at", Instant.ofEpochMilli(transition.at()).toString());
        data.put("reason", transition.reason());
        return data;
    }

    /** The end of a subscription. */
    public static final class Subscription implements AutoCloseable {
        private final Runnable cancel;
        private final boolean active;

        Subscription(Runnable cancel, boolean active) {
            this.cancel = cancel;
            this.active = active;
        }

        /** Returns whether new events will follow; false when the stream had already ended. */
        public boolean isActive() {
            return active;
        }

        @Override
        public void close() {
            cancel.run();
        }
    }
}
