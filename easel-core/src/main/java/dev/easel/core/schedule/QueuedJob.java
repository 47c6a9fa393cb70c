package dev.easel.core.schedule;

/**
 * A queued job inside the scheduler: the job, its arrival order and its links in its user's queue.
 *
 * <p>The links form an intrusive doubly linked list owned by the live {@link UserQueue}; projection
 * copies walk the same list and mark what they take with their epoch instead of unlinking.
 */
final class QueuedJob {

    final Job job;
    final BatchKey key;
    final long seq;

    /** Copy of the job's submit time, read on every comparison of the ordered user sets. */
    final long submittedAtMillis;

    QueuedJob prev;
    QueuedJob next;

    /** Epoch of the projection that has taken this job, or 0. */
    long takenEpoch;

    /** Reason no worker can run it while it is held outside the user queues, or null when it is queued. */
    String unschedulableReason;

    QueuedJob(Job job, BatchKey internedKey, long seq) {
        this.job = job;
        this.key = internedKey;
        this.seq = seq;
        this.submittedAtMillis = job.submittedAtMillis();
    }

    String model() {
        return key.model();
    }

    /** Orders jobs first by submit time, then by arrival. */
    boolean isBefore(QueuedJob other) {
        if (submittedAtMillis != other.submittedAtMillis) {
            return submittedAtMillis < other.submittedAtMillis;
        }
        return seq < other.seq;
    }
}
