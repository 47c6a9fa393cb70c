package dev.easel.server.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to new tasks of a tier while its projected wait is above a threshold.
 *
 * @param whenWaitOver the projected wait of a newly queued task above which the rule applies
 * @param action       cap or reject
 * @param maxSteps     with {@code CAP}: the most sampling steps a task keeps; {@code null} leaves
 *                     steps alone
 * @param maxPixels    with {@code CAP}: the most pixels (width times height) an image keeps, the
 *                     aspect ratio preserved; {@code null} leaves the resolution alone
 */
public record DegradeRule(Duration whenWaitOver, DegradeAction action, Integer maxSteps, Integer maxPixels) {

    public DegradeRule {
        Objects.requireNonNull(whenWaitOver, "whenWaitOver");
        Objects.requireNonNull(action, "action");
        if (whenWaitOver.isNegative()) {
            throw new IllegalArgumentException("degrade threshold must not be negative, was " + whenWaitOver);
        }
        if (action == DegradeAction.CAP && maxSteps == null && maxPixels == null) {
            throw new IllegalArgumentException("degrade rule over " + whenWaitOver + " caps nothing: set max-steps or max-pixels");
        }
        if (maxSteps != null && maxSteps < 1) {
            throw new IllegalArgumentException("degrade max steps must be at least 1, was " + maxSteps);
        }
        if (maxPixels != null && maxPixels < 64 * 64) {
            throw new IllegalArgumentException("degrade max pixels must be at least 4096 (64 x 64), was " + maxPixels);
        }
    }
}
