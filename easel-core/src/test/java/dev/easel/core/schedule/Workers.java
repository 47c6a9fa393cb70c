package dev.easel.core.schedule;

import java.util.Map;
import java.util.Set;

/** Worker specs for tests. */
final class Workers {

    private Workers() {
    }

    /** Returns a worker in the shared pool serving m1, m2 and m3, with one slot and batches of one. */
    static WorkerSpec shared(String id) {
        return new WorkerSpec(id, SchedulerSettings.POOL_SHARED, Set.of("m1", "m2", "m3"), 0, Map.of(), 1);
    }

    /** Returns a worker in a pool serving the given models, with one slot and txt2img batches of up to {@code maxBatch}. */
    static WorkerSpec worker(String id, String pool, int maxBatch, String... models) {
        return new WorkerSpec(id, pool, Set.of(models), 0, Map.of("txt2img", maxBatch), 1);
    }
}
