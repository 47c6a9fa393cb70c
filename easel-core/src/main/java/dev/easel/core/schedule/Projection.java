package dev.easel.core.schedule;

/**
 * Where a queued job stands, projected by running the scheduling policy forward in virtual time.
 *
 * @param jobId              the job
 * @param position           number of jobs that will start before this one; 0 means next; -1 when
 *                           the job is unschedulable
 * @param startAtMillis      projected start, in the scheduler clock's milliseconds; -1 when unschedulable
 * @param finishAtMillis     projected finish, in the scheduler clock's milliseconds; -1 when unschedulable
 * @param unschedulableReason why no registered worker could ever run it, or {@code null}
 */
public record Projection(String jobId, int position, long startAtMillis, long finishAtMillis, String unschedulableReason) {

    /** Returns the projection of a job that no registered worker could run. */
    public static Projection unschedulable(String jobId, String reason) {
        return new Projection(jobId, -1, -1, -1, java.util.Objects.requireNonNull(reason, "reason"));
    }

    /** Returns whether some registered worker could run this job. */
    public boolean isSchedulable() {
        return unschedulableReason == null;
    }
}
