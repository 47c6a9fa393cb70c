package dev.easel.core.schedule;

import java.util.HashSet;
import java.util.Set;

/** The policy's view of a worker: what it can run, what it has loaded and how many slots are busy. */
final class WorkerView {

    WorkerSpec spec;
    boolean draining;
    Set<String> loaded;
    int busy;

    /**
     * The last key {@link #canRun} checked against the spec, with that spec and the result. Searches
     * check the same interned key many times in a row, and both spec and key are immutable.
     */
    private WorkerSpec checkedSpec;
    private BatchKey checkedKey;
    private boolean checkedCanRun;

    WorkerView(WorkerSpec spec) {
        this.spec = spec;
        this.loaded = new HashSet<>();
    }

    WorkerView copy() {
        WorkerView copy = new WorkerView(spec);
        copy.draining = draining;
        copy.loaded = new HashSet<>(loaded);
        copy.busy = busy;
        return copy;
    }

    String id() {
        return spec.id();
    }

    int freeSlots() {
        return draining ? 0 : Math.max(0, spec.slots() - busy);
    }

    boolean hasLoaded(String model) {
        return loaded.contains(model);
    }

    /** Returns whether this worker may run this job for this tier: pool allowed and key supported. */
    boolean canRun(TierConfig tier, BatchKey key) {
        return !draining && tier.allowsPool(spec.pool()) && specCanRun(key);
    }

    private boolean specCanRun(BatchKey key) {
        if (key != checkedKey || spec != checkedSpec) {
            checkedCanRun = spec.canRun(key);
            checkedKey = key;
            checkedSpec = spec;
        }
        return checkedCanRun;
    }

    /**
     * Records a model switch: the worker is assumed to hold only the new model afterwards, until it
     * reports what it has loaded.
     */
    void switchTo(String model) {
        loaded = Set.of(model);
    }
}
