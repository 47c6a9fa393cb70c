package dev.easel.server.store;

import dev.easel.server.admission.IdempotencyRecord;

import java.util.Map;
import java.util.Objects;

/**
 * A task to insert: it enters the store {@code QUEUED} with one job and its first transition.
 *
 * @param id                   task id
 * @param user                 owner
 * @param tier                 scheduler tier
 * @param model                model id
 * @param modelVersion         model version label
 * @param capability           capability wire name
 * @param params               resolved parameters
 * @param images               images the job produces, at least 1
 * @param maxAttempts          attempts allowed, at least 1
 * @param estimatedCostSeconds estimated accelerator-seconds
 * @param queuedAt             acceptance time, milliseconds since the epoch
 * @param reason               reason recorded with the first transition
 * @param deadlines            {@code start_by} and {@code cancel_after}, stored in the same transaction
 * @param idempotencyKey       the {@code Idempotency-Key} record stored in the same transaction, or
 *                             {@code null} when the request had no key
 */
public record NewTask(
        String id,
        String user,
        String tier,
        String model,
        String modelVersion,
        String capability,
        Map<String, Object> params,
        int images,
        int maxAttempts,
        double estimatedCostSeconds,
        long queuedAt,
        String reason,
        TaskDeadlines deadlines,
        IdempotencyRecord idempotencyKey) {

    public NewTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(deadlines, "deadlines");
        params = Map.copyOf(params);
        if (images < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("images and maxAttempts must be at least 1, were " + images + " and " + maxAttempts);
        }
    }

    /** A task without deadlines or idempotency key. */
    public NewTask(String id, String user, String tier, String model, String modelVersion, String capability,
                   Map<String, Object> params, int images, int maxAttempts, double estimatedCostSeconds, long queuedAt, String reason) {
        this(id, user, tier, model, modelVersion, capability, params, images, maxAttempts, estimatedCostSeconds, queuedAt, reason,
                TaskDeadlines.NONE, null);
    }

    /** Returns the id of the task's job. */
    public String jobId() {
        return TaskRecord.jobIdOf(id, 0);
    }
}
