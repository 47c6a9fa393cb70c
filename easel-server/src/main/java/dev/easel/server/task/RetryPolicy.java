package dev.easel.server.task;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * When a failed attempt is tried again. Immutable.
 *
 * <p>A failed attempt (a crash, for example) waits with exponential backoff from {@code initial},
 * doubling per attempt, capped at {@code max}, and uses up one of {@code maxAttempts}. A run that
 * found its back end unavailable or rate limited uses up no attempt: it waits and runs again until
 * the back end has been unavailable for {@code unavailableFor}, and the task fails after that.
 *
 * <p>Implementation notes: the wait after an unavailable run is the time the back end has been
 * unavailable so far, at least {@code initial} and at most {@code max}, times a random factor from
 * 0.5 to 1 ("equal jitter", so that jobs that failed together do not all return at the same
 * moment). Because the wait follows the elapsed outage, it grows geometrically (by a factor of
 * 1.5 to 2 per run) without a stored run count. A back end's retry-after hint raises the wait,
 * and no retry is planned after the outage limit ends.
 *
 * @param maxAttempts    attempts per task, the first included
 * @param initial        wait after the first failed attempt
 * @param max            longest wait
 * @param unavailableFor longest time a job waits for an unavailable back end before its task fails
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max, Duration unavailableFor) {

    /** Default of {@code easel.retry.unavailable-for}. */
    public static final Duration DEFAULT_UNAVAILABLE_FOR = Duration.ofHours(1);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("easel.retry.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (unavailableFor.isNegative()) {
            throw new IllegalArgumentException("easel.retry.unavailable-for must not be negative, was " + unavailableFor);
        }
    }

    /** Creates a policy that waits up to {@link #DEFAULT_UNAVAILABLE_FOR} for an unavailable back end. */
    public RetryPolicy(int maxAttempts, Duration initial, Duration max) {
        this(maxAttempts, initial, max, DEFAULT_UNAVAILABLE_FOR);
    }

    /** Returns the wait after failed attempt number {@code attempt} (from 1). */
    public Duration backoffAfter(int attempt) {
        long millis = initial.toMillis();
        for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /**
     * Plans the next run of a job whose back end is unavailable.
     *
     * @param unavailableSinceMillis when the job's first run of this outage failed, epoch milliseconds
     * @param nowMillis              now, epoch milliseconds
     * @param retryAfter             the wait the back end asked for, or empty
     * @param random                 source of the jitter
     * @return when to run the job again (epoch milliseconds, never after the outage limit ends),
     *         or empty when the back end has been unavailable for {@link #unavailableFor()} or longer
     */
    public OptionalLong retryUnavailableAt(long unavailableSinceMillis, long nowMillis, Optional<Duration> retryAfter,
                                           RandomGenerator random) {
        long elapsed = Math.max(0, nowMillis - unavailableSinceMillis);
        long limit = unavailableFor.toMillis();
        if (elapsed >= limit) {
            return OptionalLong.empty();
        }

        long base = Math.min(max.toMillis(), Math.max(initial.toMillis(), elapsed));
        long jittered = base / 2 + (base / 2 == 0 ? 0 : random.nextLong(base / 2 + 1));
        long hinted = retryAfter.map(Duration::toMillis).orElse(0L);
        long wait = Math.max(jittered, hinted);

        return OptionalLong.of(Math.min(nowMillis + wait, unavailableSinceMillis + limit));
    }
}
