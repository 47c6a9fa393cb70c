package dev.easel.core.schedule;

/**
 * Where a queued job stands, projected by running the scheduling policy forward in virtual time.
 *
 * @param jobId              the job
 * @param position           number of jobs that will start before this one; 0 means next
 * @param startAtMillis      projected start, in the scheduler clock's milliseconds
 * @param finishAtMillis     projected finish, in the scheduler clock's milliseconds
 * @param unschedulableReason why no registered worker could ever run it, or {@code null}
 */
public record Projection(String jobId, int position, long startAtMillis, long finishAtMillis, String unschedulableReason) {

    /** Returns whether some registered worker could run this job. */
    public boolean isSchedulable() {
        return unschedulableReason == null;
    }
}
