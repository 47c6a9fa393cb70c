package dev.easel.core.schedule;

import java.util.function.Predicate;

/**
 * One user's queued jobs in one tier, oldest first, with the user's start-time fair queuing tags.
 *
 * <p>The live queue links and unlinks jobs. A projection copy ({@code epoch > 0}) shares the live
 * list and marks the jobs it takes, so that copying costs O(1) per user whatever the queue length.
 */
final class UserQueue {

    final String user;
    final TierState tier;
    final long seq;
    final long epoch;

    QueuedJob head;
    QueuedJob tail;
    int size;

    /** Share of the tier relative to its other users; 1 unless set. */
    double weight = 1.0;

    /** Virtual start tag of the user's next job, in accelerator-seconds per unit of user weight. */
    double startTag;

    /** Virtual finish tag of the user's last dispatched job. */
    double finishTag;

    /** Submit time of the oldest job, as the tier's oldest-job set is keyed; kept exact by {@link TierState#attach}. */
    long oldestKey;

    /** Whether this user is in the tier's oldest-job set. */
    boolean inOldestSet;

    /** Accelerator-seconds of other work that affinity has run ahead of this user's oldest job. */
    double bypassSeconds;

    /** Jobs held outside the queue because no worker can run them (live only). */
    int heldCount;

    /** Jobs of this user running now (live only); keeps the queue and its tags alive. */
    int runningCount;

    /** Whether this queue contains a projection's forecast jobs, which run one per batch. */
    final boolean forecast;

    UserQueue(String user, TierState tier, long seq) {
        this.user = user;
        this.tier = tier;
        this.seq = seq;
        this.epoch = 0;
        this.forecast = false;
    }

    private UserQueue(UserQueue live, TierState tierCopy, long epoch) {
        this.user = live.user;
        this.tier = tierCopy;
        this.seq = live.seq;
        this.epoch = epoch;
        this.head = live.head;
        this.tail = live.tail;
        this.size = live.size;
        this.weight = live.weight;
        this.oldestKey = live.oldestKey;
        this.startTag = live.startTag;
        this.finishTag = live.finishTag;
        this.bypassSeconds = live.bypassSeconds;
        this.forecast = false;
    }

    private UserQueue(String user, TierState tierCopy, long epoch, double weight) {
        this.user = user;
        this.tier = tierCopy;
        this.seq = Long.MAX_VALUE;
        this.epoch = epoch;
        this.weight = weight;
        this.forecast = true;
    }

    /**
     * Creates an empty queue that exists only in one projection copy, for the jobs that projection
     * forecasts. Its jobs are linked here, never into a live queue, and it orders after every real
     * user with the same start tag.
     */
    static UserQueue forForecast(String user, TierState tierCopy, long projectionEpoch, double weight) {
        return new UserQueue(user, tierCopy, projectionEpoch, weight);
    }

    UserQueue copyForProjection(TierState tierCopy, long projectionEpoch) {
        return new UserQueue(this, tierCopy, projectionEpoch);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Inserts a job in submit-time order; usually at the tail. In a projection copy only a forecast
     * queue ({@link #forForecast}) takes jobs, always at the tail: a copy of a live user shares its
     * links with the live queue.
     */
    void insert(QueuedJob job) {
        if (epoch != 0) {
            append(job);
            return;
        }
        QueuedJob after = tail;
        while (after != null && job.isBefore(after)) {
            after = after.prev;
        }
        job.prev = after;
        job.next = after == null ? head : after.next;
        if (job.next != null) {
            job.next.prev = job;
        } else {
            tail = job;
        }
        if (after != null) {
            after.next = job;
        } else {
            head = job;
            bypassSeconds = 0;
        }
        size++;
    }

    private void append(QueuedJob job) {
        job.prev = tail;
        if (tail != null) {
            tail.next = job;
        }
        tail = job;
        if (head == null) {
            head = job;
            bypassSeconds = 0;
        }
        size++;
    }

    /** Removes a queued job: unlinks it in the live queue, marks it taken in a projection copy. */
    void remove(QueuedJob job) {
        if (epoch != 0) {
            job.takenEpoch = epoch;
            if (job == head) {
                head = nextUntaken(job.next);
                bypassSeconds = 0;
            }
            size--;
            return;
        }
        if (job == head) {
            bypassSeconds = 0;
        }
        if (job.prev != null) {
            job.prev.next = job.next;
        } else {
            head = job.next;
        }
        if (job.next != null) {
            job.next.prev = job.prev;
        } else {
            tail = job.prev;
        }
        job.prev = null;
        job.next = null;
        size--;
    }

    /** Returns the first of the user's first {@code depth} jobs that matches, or null. */
    QueuedJob firstMatching(Predicate<QueuedJob> test, int depth) {
        int seen = 0;
        for (QueuedJob job = head; job != null && seen < depth; job = nextUntaken(job.next)) {
            if (test.test(job)) {
                return job;
            }
            seen++;
        }
        return null;
    }

    private QueuedJob nextUntaken(QueuedJob job) {
        while (epoch != 0 && job != null && job.takenEpoch == epoch) {
            job = job.next;
        }
        return job;
    }
}
