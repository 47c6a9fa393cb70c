package dev.easel.server.task;

import java.time.Duration;

/**
 * When a failed attempt is tried again: exponential backoff from {@code initial}, doubling per
 * attempt, capped at {@code max}. Immutable.
 *
 * @param maxAttempts attempts per task, the first included
 * @param initial     wait after the first failed attempt
 * @param max         longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("easel.retry.max-attempts must be at least 1, was " + maxAttempts);
        }
    }

    /** Returns the wait after failed attempt number {@code attempt} (from 1). */
    public Duration backoffAfter(int attempt) {
        long millis = initial.toMillis();
        for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
