package dev.easel.sim.engine;

import dev.easel.core.schedule.TierConfig;
import dev.easel.sim.service.BatchCostCurve;
import dev.easel.sim.service.LoadTimeSource;
import java.util.List;
import java.util.Objects;

/**
 * The simulated cluster and service model.
 *
 * @param workers          number of simulated workers, all in pool {@link #POOL}, all able to run
 *                         every model and capability of the workload
 * @param slotsPerWorker   batches a worker runs at once
 * @param maxBatch         largest batch a worker accepts for any capability
 * @param modelsPerWorker  base models a worker keeps loaded; loading one more evicts the least
 *                         recently used
 * @param tiers            tier settings handed to every policy
 * @param batchCost        batch run time from solo run times
 * @param loadTimes        model load times
 * @param seed             seed of the load-time draws
 * @param etaSampleEvery   ask the policy for a projection at the submit of every n-th non-flood
 *                         job (1 = every job); 0 asks for none
 * @param tickMillis       how soon to call the policy again when it left a worker idle while work
 *                         it could run was queued; the delay doubles, up to
 *                         {@link #MAX_TICK_MILLIS}, while nothing else happens
 */
public record SimulationConfig(
        int workers,
        int slotsPerWorker,
        int maxBatch,
        int modelsPerWorker,
        List<TierConfig> tiers,
        BatchCostCurve batchCost,
        LoadTimeSource loadTimes,
        long seed,
        int etaSampleEvery,
        long tickMillis) {

    /** Pool of every simulated worker: the pool that every default tier may use. */
    public static final String POOL = "shared";

    /** Longest delay between two ticks while nothing else happens. */
    public static final long MAX_TICK_MILLIS = 60_000;

    public SimulationConfig {
        tiers = List.copyOf(tiers);
        Objects.requireNonNull(batchCost, "batchCost");
        Objects.requireNonNull(loadTimes, "loadTimes");
        requireAtLeastOne("workers", workers);
        requireAtLeastOne("slots per worker", slotsPerWorker);
        requireAtLeastOne("max batch", maxBatch);
        requireAtLeastOne("models per worker", modelsPerWorker);
        if (etaSampleEvery < 0) {
            throw new IllegalArgumentException("ETA sample interval must be 0 (none) or more, was " + etaSampleEvery);
        }
        if (tickMillis < 1) {
            throw new IllegalArgumentException("tick must be at least 1 ms, was " + tickMillis);
        }
    }

    /** Returns a copy with another ETA sample interval (0 for none). */
    public SimulationConfig withEtaSampleEvery(int every) {
        return new SimulationConfig(workers, slotsPerWorker, maxBatch, modelsPerWorker, tiers, batchCost, loadTimes, seed, every, tickMillis);
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
