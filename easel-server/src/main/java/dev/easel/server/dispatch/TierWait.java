package dev.easel.server.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * The projected wait of one tier, taken from the scheduler's projection of its queued jobs.
 *
 * @param projectedWait  time from now until the tier's last queued job is projected to start: what
 *                       a task queued now behind the tier's backlog waits. Note that it is an
 *                       estimate for the tier as a whole, because fair sharing between users can
 *                       start the first task of a user with nothing queued sooner
 * @param nextStartIn    time from now until the tier's first queued job is projected to start,
 *                       which frees a place in its queue
 * @param computedAtMillis when the values were computed, milliseconds since the epoch
 */
public record TierWait(Duration projectedWait, Duration nextStartIn, long computedAtMillis) {

    public TierWait {
        Objects.requireNonNull(projectedWait, "projectedWait");
        Objects.requireNonNull(nextStartIn, "nextStartIn");
    }
}
