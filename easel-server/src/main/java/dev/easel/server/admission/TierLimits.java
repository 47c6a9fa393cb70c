package dev.easel.server.admission;

import java.util.Comparator;
import java.util.List;

/**
 * The admission limits of one tier. Per-user limits apply to each user of the tier separately.
 * A {@code null} limit is not enforced.
 *
 * @param rate              request rate per user
 * @param costBudgetPerHour estimated accelerator-seconds a user may submit per hour; the budget
 *                          refills smoothly, so half of it is back after 30 minutes
 * @param maxQueuedPerUser  queued tasks a user may have in this tier
 * @param maxRunningPerUser running tasks a user may have; enforced here only for synchronous
 *                          requests (the realtime lane), which cannot wait in a queue
 * @param maxQueued         queued tasks the whole tier may hold
 * @param degrade           degrade rules; the one with the highest threshold below the projected
 *                          wait applies
 */
public record TierLimits(
        RateLimit rate,
        Double costBudgetPerHour,
        Integer maxQueuedPerUser,
        Integer maxRunningPerUser,
        Integer maxQueued,
        List<DegradeRule> degrade) {

    /** Limits that admit everything. */
    public static final TierLimits UNLIMITED = new TierLimits(null, null, null, null, null, null);

    public TierLimits {
        degrade = degrade == null ? List.of()
                : degrade.stream().sorted(Comparator.comparing(DegradeRule::whenWaitOver)).toList();
        requireAtLeast("cost budget per hour", costBudgetPerHour, 0);
        requireAtLeast("max queued per user", maxQueuedPerUser, 0);
        requireAtLeast("max running per user", maxRunningPerUser, 0);
        requireAtLeast("max queued", maxQueued, 0);
    }

    private static void requireAtLeast(String name, Number value, double min) {
        if (value != null && value.doubleValue() < min) {
            throw new IllegalArgumentException(name + " must be at least " + (long) min + ", was " + value);
        }
    }
}
