package dev.easel.server.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox delivery loop: claims due deliveries, sends each, and records the outcome with the
 * next attempt time or the final state.
 *
 * <p>Implementation notes: one polling thread claims as many deliveries as there are free sender
 * threads and hands them over without waiting, so a receiver that times out holds one thread,
 * not the loop. The claim lease is the attempt timeout plus a margin: a delivery whose attempt
 * was lost with a crashed process becomes due again after it, which makes delivery at least once
 * and lets a receiver see one event twice (the {@code webhook-id} is the same, so it can drop the
 * duplicate).
 *
 * <p>Thread-safe. {@link #start()} once; {@link #close()} stops polling and waits briefly for
 * attempts in flight.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    /**
     * @param pollInterval how often the outbox is asked for due deliveries
     * @param concurrency  attempts in flight at once
     * @param claimLease   how long a claimed delivery stays away from other dispatchers; longer
     *                     than the sender's attempt timeout
     */
    public record Settings(Duration pollInterval, int concurrency, Duration claimLease) {

        public Settings {
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(claimLease, "claimLease");
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("webhook poll interval must be positive, was " + pollInterval);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("webhook concurrency must be at least 1, was " + concurrency);
            }
        }
    }

    private final WebhookOutbox outbox;
    private final WebhookSecrets secrets;
    private final WebhookHttpSender sender;
    private final RetrySchedule schedule;
    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;

    private static final int REPEAT_LOG_EVERY = 100;

    /** Consecutive failed polls; read and written only by the poller thread. */
    private long failedPolls;

    private final Semaphore freeSenders;
    private final ExecutorService senderThreads;
    private final ScheduledExecutorService poller;

    /**
     * @param random the jitter source, shared by the sender threads, so it must be thread-safe
     *               (for example {@link java.util.Random})
     */
    public WebhookDispatcher(WebhookOutbox outbox, WebhookSecrets secrets, WebhookHttpSender sender,
                             RetrySchedule schedule, Settings settings, Clock clock, RandomGenerator random) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.freeSenders = new Semaphore(settings.concurrency());
        this.senderThreads = Executors.newFixedThreadPool(settings.concurrency(), daemon("webhook-sender"));
        this.poller = Executors.newSingleThreadScheduledExecutor(daemon("webhook-poller"));
    }

    /** Starts polling the outbox every {@link Settings#pollInterval()}. */
    public void start() {
        long interval = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, 0, interval, TimeUnit.MILLISECONDS);
        log.info("Webhook dispatcher started concurrency={} poll_interval_ms={}", settings.concurrency(), interval);
    }

    /**
     * Claims due deliveries for every free sender thread and starts their attempts without
     * waiting for them.
     *
     * @return the number of attempts started
     */
    public int dispatchDue() {
        int free = freeSenders.availablePermits();
        if (free == 0) {
            return 0;
        }

        List<WebhookDelivery> due = outbox.claimDue(clock.instant(), free, settings.claimLease());
        for (WebhookDelivery delivery : due) {
            freeSenders.acquireUninterruptibly();
            senderThreads.execute(() -> {
                try {
                    attempt(delivery);
                } finally {
                    freeSenders.release();
                }
            });
        }
        return due.size();
    }

    /** Sends one attempt of a claimed delivery and records the result. */
    void attempt(WebhookDelivery delivery) {
        int number = delivery.attempts() + 1;
        DeliveryAttempt attempt;
        try {
            attempt = sender.send(delivery, secrets.forUser(delivery.userId()), number);
        } catch (RuntimeException e) {
            // A bug or a store failure while preparing; the claim lease brings the delivery back.
            log.error("Webhook attempt could not run delivery_id={} task_id={}", delivery.id(), delivery.taskId(), e);
            return;
        }

        try {
            record(delivery, attempt);
        } catch (RuntimeException e) {
            log.error("Webhook attempt could not be recorded; the delivery is tried again when its claim lease ends"
                    + " delivery_id={} task_id={} attempt={} outcome={}", delivery.id(), delivery.taskId(), number,
                    attempt.outcome().wireName(), e);
        }
    }

    private void record(WebhookDelivery delivery, DeliveryAttempt attempt) {
        if (attempt.isDelivered()) {
            outbox.markDelivered(attempt);
            log.debug("Webhook delivered delivery_id={} task_id={} attempt={}", delivery.id(), delivery.taskId(), attempt.number());
            return;
        }

        Optional<Instant> next = schedule.nextAttemptAt(attempt, delivery.scheduleStart(), clock.instant(), random);
        if (next.isPresent()) {
            outbox.recordRetry(attempt, next.get());
            log.info("Webhook attempt failed, retry scheduled delivery_id={} task_id={} attempt={} outcome={} status={} next_at={}",
                    delivery.id(), delivery.taskId(), attempt.number(), attempt.outcome().wireName(), attempt.statusCode(), next.get());
            return;
        }

        outbox.markFailed(attempt);
        log.warn("Webhook delivery failed for good delivery_id={} task_id={} attempts={} outcome={} status={} error={}",
                delivery.id(), delivery.taskId(), attempt.number(), attempt.outcome().wireName(), attempt.statusCode(), attempt.error());
    }

    private void pollSafely() {
        try {
            dispatchDue();
            if (failedPolls > 0) {
                log.info("Webhook outbox poll recovered after failed_polls={}", failedPolls);
                failedPolls = 0;
            }
        } catch (RuntimeException e) {
            failedPolls++;
            // One line for the first failure and then one per REPEAT_LOG_EVERY, so an outage does not flood the log.
            if (failedPolls == 1 || failedPolls % REPEAT_LOG_EVERY == 0) {
                log.warn("Webhook outbox poll failed; retrying at every poll failed_polls={}", failedPolls, e);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() throws InterruptedException {
        poller.shutdownNow();
        senderThreads.shutdown();
        if (!senderThreads.awaitTermination(5, TimeUnit.SECONDS)) {
            senderThreads.shutdownNow();
        }
        log.info("Webhook dispatcher stopped");
    }
}
