package dev.easel.core.schedule;

import java.util.List;
import java.util.Objects;

/**
 * One priority class of the scheduler.
 *
 * @param name           tier name, for example {@code high}
 * @param weight         share of accelerator time relative to the other weighted tiers
 * @param strictPriority whether this tier is served before every weighted tier (the realtime lane)
 * @param maxQueued      maximum number of queued jobs; submits beyond it are rejected
 * @param maxWaitMillis  maximum time a job of this tier may wait while workers that could run it
 *                       become free
 * @param pools          worker pools this tier may use, in order of preference; empty means any pool
 * @param paused         whether new jobs are rejected and queued ones held
 * @param maxQueuedPerUser maximum number of queued jobs one user may hold in this tier; 0 means no
 *                       limit beyond {@code maxQueued}
 */
public record TierConfig(
        String name,
        double weight,
        boolean strictPriority,
        int maxQueued,
        long maxWaitMillis,
        List<String> pools,
        boolean paused,
        int maxQueuedPerUser) {

    public TierConfig {
        Objects.requireNonNull(name, "name");
        pools = List.copyOf(pools);
        if (!(weight > 0)) {
            throw new IllegalArgumentException("tier " + name + ": weight must be positive, was " + weight);
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("tier " + name + ": max queued must be at least 1, was " + maxQueued);
        }
        if (maxWaitMillis < 1) {
            throw new IllegalArgumentException("tier " + name + ": max wait must be positive, was " + maxWaitMillis + " ms");
        }
        if (maxQueuedPerUser < 0) {
            throw new IllegalArgumentException(
                    "tier " + name + ": max queued per user must be 0 (no limit) or more, was " + maxQueuedPerUser);
        }
    }

    /** Creates a tier without a per-user queue limit. */
    public TierConfig(
            String name,
            double weight,
            boolean strictPriority,
            int maxQueued,
            long maxWaitMillis,
            List<String> pools,
            boolean paused) {
        this(name, weight, strictPriority, maxQueued, maxWaitMillis, pools, paused, 0);
    }

    /** Returns a copy with another weight; the scheduler applies it on its next decision. */
    public TierConfig withWeight(double newWeight) {
        return new TierConfig(name, newWeight, strictPriority, maxQueued, maxWaitMillis, pools, paused, maxQueuedPerUser);
    }

    /** Returns a copy with another per-user queue limit (0 for none). */
    public TierConfig withMaxQueuedPerUser(int limit) {
        return new TierConfig(name, weight, strictPriority, maxQueued, maxWaitMillis, pools, paused, limit);
    }

    /** Returns whether workers of this pool may run this tier's jobs; an empty pool list allows every pool. */
    public boolean allowsPool(String pool) {
        return pools.isEmpty() || pools.contains(pool);
    }

    /**
     * Returns the rank of a pool in this tier's preference order: 0 for the first listed pool, and
     * {@code Integer.MAX_VALUE} for a pool the tier may not use. With an empty pool list every pool
     * ranks 0.
     */
    public int poolRank(String pool) {
        if (pools.isEmpty()) {
            return 0;
        }
        int index = pools.indexOf(pool);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
