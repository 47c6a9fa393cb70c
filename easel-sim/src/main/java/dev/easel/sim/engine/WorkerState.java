package dev.easel.sim.engine;

import dev.easel.core.schedule.WorkerSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A simulated worker: free slots and the base models it holds, least recently used first. */
final class WorkerState {

    private final WorkerSpec spec;
    private final int modelCapacity;
    private final LinkedHashMap<String, Boolean> loaded = new LinkedHashMap<>(8, 0.75f, true);
    int freeSlots;

    WorkerState(WorkerSpec spec, int modelCapacity) {
        this.spec = spec;
        this.modelCapacity = modelCapacity;
        this.freeSlots = spec.slots();
    }

    WorkerSpec spec() {
        return spec;
    }

    /** Marks a model as just used; returns whether it was loaded. */
    boolean touch(String model) {
        return loaded.get(model) != null;
    }

    /**
     * Loads a model, evicting the least recently used one when full, and returns the models now
     * loaded.
     *
     * <p>Note that with more than one slot per worker this may evict a model a running batch
     * uses; the simulation does not model that conflict.
     */
    Set<String> load(String model) {
        loaded.put(model, Boolean.TRUE);
        if (loaded.size() > modelCapacity) {
            Map.Entry<String, Boolean> eldest = loaded.entrySet().iterator().next();
            loaded.remove(eldest.getKey());
        }
        return Set.copyOf(loaded.keySet());
    }
}
