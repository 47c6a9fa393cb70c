package dev.easel.server.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again, and when it is given up.
 *
 * <p>Implementation notes: exponential backoff with full jitter (Marc Brooker, "Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015). After attempt {@code n} fails, the next one
 * waits a uniformly random time in {@code [0, min(maxDelay, initialDelay * 2^(n-1))]}. Full jitter
 * spreads the retries of many deliveries that failed together (a receiver that was down) instead
 * of sending them in synchronised waves. A receiver's {@code Retry-After} raises the wait to at
 * least that value. The delivery fails for good when the next attempt would start after
 * {@code scheduleStart + budget} or when {@code maxAttempts} attempts were made.
 *
 * <p>With the defaults (5 s initial, 1 h ceiling, 24 h budget) a receiver that stays down gets
 * about a dozen attempts in the first hour and then one every half hour on average.
 *
 * @param initialDelay ceiling of the first retry's wait
 * @param maxDelay     ceiling of any wait
 * @param budget       how long after the schedule start retries may still begin
 * @param maxAttempts  attempts after which the delivery fails even within the budget
 */
public record RetrySchedule(Duration initialDelay, Duration maxDelay, Duration budget, int maxAttempts) {

    /** Five seconds, doubling to one hour, for 24 hours, with no attempt limit of its own. */
    public static final RetrySchedule DEFAULT =
            new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(24), Integer.MAX_VALUE);

    public RetrySchedule {
        requirePositive("initial delay", initialDelay);
        requirePositive("max delay", maxDelay);
        requirePositive("retry budget", budget);
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("max delay " + maxDelay + " must not be below initial delay " + initialDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
    }

    /**
     * Returns when to try again after a failed attempt, or empty when the delivery is given up.
     *
     * @param failed        the attempt that just failed
     * @param scheduleStart when the budget started ({@link WebhookDelivery#scheduleStart()})
     * @param now           the current time
     * @param random        the jitter source
     */
    public Optional<Instant> nextAttemptAt(DeliveryAttempt failed, Instant scheduleStart, Instant now, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        if (failed.isDelivered() || failed.isPermanentFailure() || failed.number() >= maxAttempts) {
            return Optional.empty();
        }

        long waitMillis = random.nextLong(ceilingMillis(failed.number()) + 1);
        if (failed.retryAfter() != null) {
            waitMillis = Math.max(waitMillis, Math.multiplyExact(Math.min(failed.retryAfter(), maxDelay.toSeconds()), 1000L));
        }

        Instant next = now.plusMillis(waitMillis);
        Instant deadline = scheduleStart.plus(budget);
        return next.isAfter(deadline) ? Optional.empty() : Optional.of(next);
    }

    /** Returns the upper bound of the wait after attempt {@code number}, in milliseconds. */
    long ceilingMillis(int number) {
        long ceiling = initialDelay.toMillis();
        for (int i = 1; i < number && ceiling < maxDelay.toMillis(); i++) {
            ceiling *= 2;
        }
        return Math.min(ceiling, maxDelay.toMillis());
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
