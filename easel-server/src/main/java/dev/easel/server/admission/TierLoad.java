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
 * @param pauseRetryAfter while the tier is paused, when a client should try again; {@code null}
 *                      when not paused or unknown
 */
public record TierLoad(boolean paused, int queued, Duration projectedWait, Duration nextStartIn, Duration pauseRetryAfter) {

    public TierLoad {
        Objects.requireNonNull(projectedWait, "projectedWait");
    }

    /** Creates the load of a tier without a pause retry time. */
    public TierLoad(boolean paused, int queued, Duration projectedWait, Duration nextStartIn) {
        this(paused, queued, projectedWait, nextStartIn, null);
    }

    /** Returns the load of an idle, running tier. */
    public static TierLoad idle() {
        return new TierLoad(false, 0, Duration.ZERO, null);
    }
}
