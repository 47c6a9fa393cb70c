package dev.easel.server.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Lets at most one progress event per task through in each interval (500 ms by default), so that
 * a 50-step generation does not send 50 webhooks. Other event types always pass.
 *
 * <p>A dropped progress event is not sent later: the next one that passes carries the newer step.
 * Call {@link #forget(String)} when a task ends so its entry does not stay in memory.
 *
 * <p>Thread-safe: a task's entry is updated atomically, so two threads reporting progress for the
 * same task at once let at most one event through.
 */
public final class ProgressThrottle {

    /** The default minimum interval between two progress events of one task. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

    private final Clock clock;
    private final long intervalMillis;
    private final ConcurrentMap<String, Long> lastSentMillis = new ConcurrentHashMap<>();

    public ProgressThrottle(Clock clock, Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("progress interval must not be negative, was " + interval);
        }
        this.intervalMillis = interval.toMillis();
    }

    /**
     * Returns whether an event of this type for this task may be sent now; records the time when
     * a progress event passes.
     */
    public boolean tryPass(String taskId, WebhookEventType type) {
        if (type != WebhookEventType.PROGRESS) {
            return true;
        }

        long now = clock.millis();
        boolean[] passed = {false};
        lastSentMillis.compute(taskId, (id, last) -> {
            if (last == null || now - last >= intervalMillis) {
                passed[0] = true;
                return now;
            }
            return last;
        });
        return passed[0];
    }

    /** Drops the task's entry; call it after the task's terminal event. */
    public void forget(String taskId) {
        lastSentMillis.remove(taskId);
    }

    /** Returns the number of tasks currently tracked. */
    int trackedTasks() {
        return lastSentMillis.size();
    }
}
