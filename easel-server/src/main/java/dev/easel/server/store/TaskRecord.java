package dev.easel.server.store;

import dev.easel.core.task.TaskState;

import java.util.Map;

/**
 * A task as the store holds it, with the state of its single job.
 *
 * <p>Times are milliseconds since the Unix epoch; the nullable ones are {@code null} until the
 * event happened.
 *
 * @param id                   task id, for example {@code tsk_01JE...}
 * @param jobId                id of the task's job
 * @param user                 owner
 * @param tier                 scheduler tier
 * @param model                model id
 * @param modelVersion         model version label
 * @param capability           capability wire name
 * @param params               resolved parameters, defaults included
 * @param images               number of images the job produces
 * @param status               current state
 * @param attempts             attempts started so far
 * @param maxAttempts          attempts allowed before the task fails
 * @param estimatedCostSeconds estimated accelerator-seconds, computed at admission
 * @param queuedAt             when the task was accepted
 * @param startedAt            when the latest attempt started
 * @param finishedAt           when the task reached a terminal state
 * @param updatedAt            when the row last changed
 * @param nextAttemptAt        when a retrying task enters the queue again
 * @param cancelRequestedAt    when a cancel of the running task was requested
 * @param workerId             worker of the latest attempt
 * @param reason               reason of the latest transition
 */
public record TaskRecord(
        String id,
        String jobId,
        String user,
        String tier,
        String model,
        String modelVersion,
        String capability,
        Map<String, Object> params,
        int images,
        TaskState status,
        int attempts,
        int maxAttempts,
        double estimatedCostSeconds,
        long queuedAt,
        Long startedAt,
        Long finishedAt,
        long updatedAt,
        Long nextAttemptAt,
        Long cancelRequestedAt,
        String workerId,
        String reason) {

    /** Returns the id of the job at this step of the task; step 0 is the first. */
    public static String jobIdOf(String taskId, int step) {
        return "job_" + taskId.substring(taskId.indexOf('_') + 1) + "_" + step;
    }

    /** Returns {@code model@version}, the scheduler's name for the model. */
    public String versionedModel() {
        return model + "@" + modelVersion;
    }
}
