package dev.easel.server.chain;

import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.OutputRecord;
import dev.easel.server.store.TaskRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds the steps and the recorded plan of a scene, pipeline or example task to its JSON view.
 * Thread-safe.
 */
public final class ChainViews {

    private final JdbcTaskStore store;
    private final ChainPlans plans;

    public ChainViews(JdbcTaskStore store, ChainPlans plans) {
        this.store = store;
        this.plans = plans;
    }

    /**
     * Puts {@code source}, {@code steps} (each with its status, attempts and output ids) and
     * {@code plan} (the exact catalog versions) into a task's view; changes nothing for a task
     * that names a model directly.
     */
    public void addTo(Map<String, Object> body, TaskRecord task) {
        plans.find(task.id()).ifPresent(plan -> {
            body.put("source", Map.of("kind", plan.kind(), "id", plan.source()));
            body.put("steps", steps(task, plan));
            body.put("plan", plan.record());
            body.put("links_reproduce", "/v1/tasks/" + task.id() + "/reproduce");
        });
    }

    private List<Map<String, Object>> steps(TaskRecord task, ChainPlan plan) {
        Map<Integer, JdbcTaskStore.JobRow> jobs = new LinkedHashMap<>();
        store.jobsOf(task.id()).forEach(job -> jobs.put(job.step(), job));
        List<OutputRecord> outputs = store.outputsOf(task.id());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            ChainPlan.ChainStep step = plan.steps().get(i);
            JdbcTaskStore.JobRow job = jobs.get(i);
            String jobId = TaskRecord.jobIdOf(task.id(), i);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("index", i);
            view.put("id", step.id());
            view.put("capability", step.capability());
            view.put("model", step.catalogModel());
            view.put("status", job == null ? "pending" : job.status().wireName());
            view.put("attempts", job == null ? 0 : job.attempts());
            view.put("outputs", outputs.stream().filter(o -> o.jobId().equals(jobId))
                    .map(o -> Map.of("id", o.id(), "url", "/v1/outputs/" + o.id())).toList());
            steps.add(view);
        }
        return steps;
    }
}
