package dev.easel.server.dispatch;

import dev.easel.core.schedule.BatchKey;
import dev.easel.core.schedule.Job;
import dev.easel.server.store.TaskRecord;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to schedule and run one job: the scheduler's {@link Job} plus the job's
 * resolved parameters and attempt count. Immutable.
 *
 * @param job          the scheduler's view
 * @param model        model id
 * @param modelVersion model version label
 * @param capability   capability wire name
 * @param params       resolved parameters
 * @param attempts     attempts started so far
 * @param maxAttempts  attempts allowed
 */
public record JobTicket(
        Job job,
        String model,
        String modelVersion,
        String capability,
        Map<String, Object> params,
        int attempts,
        int maxAttempts) {

    public JobTicket {
        params = Map.copyOf(params);
    }

    public String taskId() {
        return job.taskId();
    }

    public String jobId() {
        return job.id();
    }

    /** Returns a copy that records one more started attempt. */
    public JobTicket withAttempts(int newAttempts) {
        return new JobTicket(job, model, modelVersion, capability, params, newAttempts, maxAttempts);
    }

    /** Builds the ticket of a stored task. */
    public static JobTicket of(TaskRecord task) {
        return new JobTicket(
                new Job(task.jobId(), task.id(), task.user(), task.tier(), batchKey(task.versionedModel(), task.capability(), task.params()),
                        task.images(), task.queuedAt()),
                task.model(), task.modelVersion(), task.capability(), task.params(), task.attempts(), task.maxAttempts());
    }

    /**
     * Builds the batch key from resolved parameters. Jobs that differ in another batch-key
     * parameter of their model's schema are split apart again by the worker.
     */
    public static BatchKey batchKey(String versionedModel, String capability, Map<String, Object> params) {
        return new BatchKey(
                versionedModel,
                capability,
                intParam(params, "width"),
                intParam(params, "height"),
                intParam(params, "steps"),
                params.containsKey("sampler") ? String.valueOf(params.get("sampler")) : String.valueOf(params.getOrDefault("scheduler", "")),
                doubleParam(params, params.containsKey("guidance_scale") ? "guidance_scale" : "guidance"),
                List.of());
    }

    private static int intParam(Map<String, Object> params, String name) {
        return params.get(name) instanceof Number n ? n.intValue() : 0;
    }

    private static double doubleParam(Map<String, Object> params, String name) {
        return params.get(name) instanceof Number n ? n.doubleValue() : 0;
    }
}
