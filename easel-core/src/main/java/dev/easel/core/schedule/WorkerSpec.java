package dev.easel.core.schedule;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a worker can run, as it declares when it joins.
 *
 * @param id          worker id
 * @param pool        worker pool name, for example {@code dedicated} or {@code shared}
 * @param models      model versions this worker can serve (loaded or loadable)
 * @param maxPixels   largest output (width times height) it accepts; 0 means no limit
 * @param maxBatch    maximum batch size per capability wire name; a capability not listed runs
 *                    one job at a time
 * @param slots       how many batches it runs at once
 */
public record WorkerSpec(
        String id,
        String pool,
        Set<String> models,
        long maxPixels,
        Map<String, Integer> maxBatch,
        int slots) {

    public WorkerSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pool, "pool");
        models = Set.copyOf(models);
        maxBatch = Map.copyOf(maxBatch);
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, was " + slots);
        }
    }

    /** Returns whether this worker could ever run a job with this key. */
    public boolean canRun(BatchKey key) {
        return models.contains(key.model()) && (maxPixels == 0 || key.pixels() <= maxPixels);
    }

    /** Returns the largest batch this worker runs for a key, at least 1. */
    public int maxBatchFor(BatchKey key) {
        return Math.max(1, maxBatch.getOrDefault(key.capability(), 1));
    }
}
