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
 * @param pools          worker pools this tier may use, in order of preference
 * @param paused         whether new jobs are rejected and queued ones held
 */
public record TierConfig(
        String name,
        double weight,
        boolean strictPriority,
        int maxQueued,
        long maxWaitMillis,
        List<String> pools,
        boolean paused) {

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
    }
}
