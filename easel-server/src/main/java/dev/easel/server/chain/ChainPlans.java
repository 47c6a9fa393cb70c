package dev.easel.server.chain;

import dev.easel.server.store.JdbcTaskStore;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and writes the stored plans of multi-step tasks as JSON, with a small cache of the plans
 * of tasks that are running now. Thread-safe.
 */
public final class ChainPlans {

    private static final int MAX_CACHED = 10_000;

    private final JdbcTaskStore store;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Optional<ChainPlan>> cache = new ConcurrentHashMap<>();

    public ChainPlans(JdbcTaskStore store) {
        this.store = store;
    }

    /** Returns the plan as stored. */
    public String toJson(ChainPlan plan) {
        return json.writeValueAsString(plan);
    }

    /** Returns the plan of a task, or empty for a task that names a model directly. */
    public Optional<ChainPlan> find(String taskId) {
        Optional<ChainPlan> cached = cache.get(taskId);
        if (cached != null) {
            return cached;
        }
        Optional<ChainPlan> plan = store.findPlanJson(taskId).map(text -> json.readValue(text, ChainPlan.class));
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(taskId, plan);
        return plan;
    }
}
