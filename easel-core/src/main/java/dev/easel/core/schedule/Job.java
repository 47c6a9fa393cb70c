package dev.easel.core.schedule;

import java.util.Objects;

/**
 * The scheduler's view of one model invocation waiting to run.
 *
 * @param id                 job id, unique across the store
 * @param taskId             the task this job belongs to
 * @param user               owner; fairness inside a tier is between users
 * @param tier               scheduler tier name, for example {@code high}
 * @param batchKey           what must match for jobs to share a batch
 * @param images             number of images this job produces (scales its cost)
 * @param submittedAtMillis  when the job entered the queue, in the scheduler clock's milliseconds;
 *                           a retried or chained job keeps the time its task was submitted
 */
public record Job(
        String id,
        String taskId,
        String user,
        String tier,
        BatchKey batchKey,
        int images,
        long submittedAtMillis) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(batchKey, "batchKey");
        if (images < 1) {
            throw new IllegalArgumentException("images must be at least 1, was " + images);
        }
    }
}
