package dev.easel.core.schedule;

import dev.easel.core.cost.CostPriors;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of a {@link FairScheduler}.
 *
 * @param tiers                  tiers in order; strict-priority tiers are served first, in this order
 * @param costPriors             starting points of the cost model
 * @param maxOvertakes           how many users with other work ahead of it in the fair order a job
 *                               may pass to join a batch
 * @param affinityLookahead      how many users, in fair order, are searched for a job whose model a
 *                               free worker already has loaded. Such a job passes the users before it
 * @param userScanDepth          how many of one user's queued jobs are searched for one a free
 *                               worker can run, when the user's oldest job cannot run there
 * @param maxBatchDelayMillis    how long a batch that is not full may be held back while more jobs are
 *                               queued than workers are free; 0 (the default) never holds one. A held
 *                               batch is reconsidered only at the next {@code decide()}, so a caller
 *                               that sets this must also decide periodically, not only on events
 * @param promotionLead          fraction of a tier's maximum wait before its deadline at which a job
 *                               is promoted ahead of the fair order, for example 0.1
 * @param projectionMaxAgeMillis how old cached projections may be before a query recomputes them;
 *                               a job newer than the cache is always projected afresh
 * @param arrivalWindowMillis    width of the window over which arrivals are measured, in
 *                               milliseconds, so that projections forecast the jobs that will pass
 *                               the queued ones; 0 switches the forecast off
 */
public record SchedulerSettings(
        List<TierConfig> tiers,
        CostPriors costPriors,
        int maxOvertakes,
        int affinityLookahead,
        int userScanDepth,
        long maxBatchDelayMillis,
        double promotionLead,
        long projectionMaxAgeMillis,
        long arrivalWindowMillis) {

    /** Default of {@link #arrivalWindowMillis()}: five minutes. */
    public static final long DEFAULT_ARRIVAL_WINDOW_MILLIS = 300_000;

    /** Pool reserved for the realtime tier. */
    public static final String POOL_REALTIME = "realtime";

    /** Pool that the high tier uses first. */
    public static final String POOL_DEDICATED = "dedicated";

    /** Pool that every tier may use. */
    public static final String POOL_SHARED = "shared";

    public SchedulerSettings {
        tiers = List.copyOf(tiers);
        Objects.requireNonNull(costPriors, "costPriors");
        validateTiers(tiers);
        requireAtLeast("maxOvertakes", maxOvertakes, 0);
        requireAtLeast("affinityLookahead", affinityLookahead, 0);
        requireAtLeast("userScanDepth", userScanDepth, 1);
        requireAtLeast("maxBatchDelayMillis", maxBatchDelayMillis, 0);
        requireAtLeast("projectionMaxAgeMillis", projectionMaxAgeMillis, 0);
        requireAtLeast("arrivalWindowMillis", arrivalWindowMillis, 0);
        if (!(promotionLead >= 0 && promotionLead < 1)) {
            throw new IllegalArgumentException("promotionLead must be in [0, 1), was " + promotionLead);
        }
    }

    /** Creates settings with the default arrival window ({@link #DEFAULT_ARRIVAL_WINDOW_MILLIS}). */
    public SchedulerSettings(List<TierConfig> tiers, CostPriors costPriors, int maxOvertakes, int affinityLookahead,
            int userScanDepth, long maxBatchDelayMillis, double promotionLead, long projectionMaxAgeMillis) {
        this(tiers, costPriors, maxOvertakes, affinityLookahead, userScanDepth, maxBatchDelayMillis, promotionLead,
                projectionMaxAgeMillis, DEFAULT_ARRIVAL_WINDOW_MILLIS);
    }

    /**
     * Returns the default settings: tiers {@code realtime} (strict priority, its own pool reserved,
     * 30 s maximum wait), {@code high} (weight 70, pools dedicated then shared, 2 min), {@code normal}
     * (weight 20, pools shared then dedicated, 10 min) and {@code low} (weight 10, shared only,
     * 30 min); default cost priors. A job may pass 8 users to join a batch, affinity searches 32
     * users, and 32 of a user's jobs are searched for one a free worker can run. There is no batch
     * delay, promotion starts at 10 % of the maximum wait before the deadline, projections are
     * cached for up to 1 s, and they forecast arrivals from the last 5 minutes.
     */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(defaultTiers(), CostPriors.defaults(), 8, 32, 32, 0, 0.1, 1_000);
    }

    /** Returns the default tiers described in {@link #defaults()}. */
    public static List<TierConfig> defaultTiers() {
        return List.of(
                new TierConfig("realtime", 1, true, 10_000, 30_000,
                        List.of(POOL_REALTIME, POOL_DEDICATED, POOL_SHARED), false),
                new TierConfig("high", 70, false, 1_000_000, 120_000, List.of(POOL_DEDICATED, POOL_SHARED), false),
                new TierConfig("normal", 20, false, 1_000_000, 600_000, List.of(POOL_SHARED, POOL_DEDICATED), false),
                new TierConfig("low", 10, false, 1_000_000, 1_800_000, List.of(POOL_SHARED), false));
    }

    /** Returns a copy with other tiers. */
    public SchedulerSettings withTiers(List<TierConfig> newTiers) {
        return new SchedulerSettings(newTiers, costPriors, maxOvertakes, affinityLookahead, userScanDepth,
                maxBatchDelayMillis, promotionLead, projectionMaxAgeMillis, arrivalWindowMillis);
    }

    /** Returns a copy with other cost priors. */
    public SchedulerSettings withCostPriors(CostPriors priors) {
        return new SchedulerSettings(tiers, priors, maxOvertakes, affinityLookahead, userScanDepth,
                maxBatchDelayMillis, promotionLead, projectionMaxAgeMillis, arrivalWindowMillis);
    }

    /** Returns a copy with another maximum batch delay, in milliseconds. */
    public SchedulerSettings withMaxBatchDelayMillis(long millis) {
        return new SchedulerSettings(tiers, costPriors, maxOvertakes, affinityLookahead, userScanDepth,
                millis, promotionLead, projectionMaxAgeMillis, arrivalWindowMillis);
    }

    /** Returns a copy with another maximum age of cached projections, in milliseconds. */
    public SchedulerSettings withProjectionMaxAgeMillis(long millis) {
        return new SchedulerSettings(tiers, costPriors, maxOvertakes, affinityLookahead, userScanDepth,
                maxBatchDelayMillis, promotionLead, millis, arrivalWindowMillis);
    }

    /** Returns a copy with another arrival window, in milliseconds; 0 switches the arrival forecast off. */
    public SchedulerSettings withArrivalWindowMillis(long millis) {
        return new SchedulerSettings(tiers, costPriors, maxOvertakes, affinityLookahead, userScanDepth,
                maxBatchDelayMillis, promotionLead, projectionMaxAgeMillis, millis);
    }

    /** Returns a copy with another overtaking bound for batching and affinity. */
    public SchedulerSettings withMaxOvertakes(int overtakes) {
        return new SchedulerSettings(tiers, costPriors, overtakes, affinityLookahead, userScanDepth,
                maxBatchDelayMillis, promotionLead, projectionMaxAgeMillis, arrivalWindowMillis);
    }

    static void validateTiers(List<TierConfig> tiers) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("tiers must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (TierConfig tier : tiers) {
            if (!names.add(tier.name())) {
                throw new IllegalArgumentException("tier " + tier.name() + " is configured twice");
            }
        }
    }

    private static void requireAtLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
        }
    }
}
