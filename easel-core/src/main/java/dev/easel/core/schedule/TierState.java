package dev.easel.core.schedule;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One tier's queue: its backlogged users ordered by start tag and by oldest job, and the tier's own
 * start-time fair queuing tags.
 *
 * <p>The ordered sets hold only users with queued jobs. A user's tags or oldest job may change only
 * between {@link #detach} and {@link #attach}, because the sets are keyed by them.
 */
final class TierState {

    private static final Comparator<UserQueue> BY_START_TAG = Comparator
            .comparingDouble((UserQueue u) -> u.startTag)
            .thenComparingLong(u -> u.seq);

    private static final Comparator<UserQueue> BY_OLDEST_JOB = Comparator
            .comparingLong((UserQueue u) -> u.head.job.submittedAtMillis())
            .thenComparingLong(u -> u.head.seq)
            .thenComparingLong(u -> u.seq);

    TierConfig config;
    int index;

    /** Virtual start tag of the tier's next job, in accelerator-seconds per unit of tier weight. */
    double startTag;

    /** Virtual finish tag of the tier's last dispatched job. */
    double finishTag;

    /** Start tag of the latest job dispatched among this tier's users: the users' virtual time. */
    double userVirtualTime;

    /** Jobs in the user queues (schedulable jobs). */
    int queued;

    /** Jobs held because no worker can run them (live only). */
    int held;

    final TreeSet<UserQueue> byStartTag = new TreeSet<>(BY_START_TAG);
    final TreeSet<UserQueue> byOldestJob = new TreeSet<>(BY_OLDEST_JOB);

    /** Every user with queued, held or running jobs (live only; empty in projection copies). */
    final Map<String, UserQueue> users = new LinkedHashMap<>();

    /** Fraction of the maximum wait before the deadline at which a job is promoted. */
    final double promotionLead;

    TierState(TierConfig config, int index, double promotionLead) {
        this.config = config;
        this.index = index;
        this.promotionLead = promotionLead;
    }

    TierState copyForProjection(long epoch) {
        TierState copy = new TierState(config, index, promotionLead);
        copy.startTag = startTag;
        copy.finishTag = finishTag;
        copy.userVirtualTime = userVirtualTime;
        copy.queued = queued;
        for (UserQueue user : byStartTag) {
            UserQueue userCopy = user.copyForProjection(copy, epoch);
            copy.byStartTag.add(userCopy);
            copy.byOldestJob.add(userCopy);
        }
        return copy;
    }

    boolean isStrict() {
        return config.strictPriority();
    }

    /** Removes a user from the ordered sets before its tags or oldest job change. */
    void detach(UserQueue user) {
        if (!user.isEmpty()) {
            byStartTag.remove(user);
            byOldestJob.remove(user);
        }
    }

    /** Puts a user back into the ordered sets after a change, if it still has queued jobs. */
    void attach(UserQueue user) {
        if (!user.isEmpty()) {
            byStartTag.add(user);
            byOldestJob.add(user);
        }
    }

    /**
     * Returns the clock time, in milliseconds, from which a job of this tier is due: its submit time
     * plus the tier's maximum wait, less the promotion lead.
     */
    long dueAtMillis(QueuedJob job) {
        long lead = (long) (config.maxWaitMillis() * promotionLead);
        return job.job.submittedAtMillis() + config.maxWaitMillis() - lead;
    }

    /** Returns whether a user's oldest job is due for promotion at this clock time. */
    boolean isDue(UserQueue user, long nowMillis) {
        return user.head != null && dueAtMillis(user.head) <= nowMillis;
    }
}
