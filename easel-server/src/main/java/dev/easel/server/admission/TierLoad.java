package dev.easel.server.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * The state of a tier at the moment of admission, read from the scheduler.
 *
 * @param paused        whether an admin paused the tier
 * @param queued        tasks queued in the tier
 * @param projectedWait projected wait of a task queued now, from the scheduler's projection
 * @param nextStartIn   time until the tier's next queued task is projected to start, which frees
 *                      a queue slot; {@code null} when unknown
 */
public record TierLoad(boolean paused, int queued, Duration projectedWait, Duration nextStartIn) {

    public TierLoad {
        Objects.requireNonNull(projectedWait, "projectedWait");
    }

    /** Returns the load of an idle, running tier. */
    public static TierLoad idle() {
        return new TierLoad(false, 0, Duration.ZERO, null);
    }
}
