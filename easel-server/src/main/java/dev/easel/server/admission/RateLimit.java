package dev.easel.server.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * A token-bucket request rate: {@code requests} per {@code period}, refilled smoothly, with room
 * for a burst of {@code burst} requests.
 *
 * @param requests tokens added per period; at least 1
 * @param period   the refill period, for example 1 minute
 * @param burst    bucket capacity; {@code null} means {@code requests}
 */
public record RateLimit(long requests, Duration period, Long burst) {

    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (requests < 1) {
            throw new IllegalArgumentException("rate limit requests must be at least 1, was " + requests);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("rate limit period must be positive, was " + period);
        }
        burst = burst == null ? requests : burst;
        if (burst < 1) {
            throw new IllegalArgumentException("rate limit burst must be at least 1, was " + burst);
        }
    }

    /** Returns a limit of {@code requests} per {@code period} with an equal burst. */
    public static RateLimit of(long requests, Duration period) {
        return new RateLimit(requests, period, null);
    }
}
