package dev.easel.core.schedule;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One tier's queue: its backlogged users ordered by start tag and by oldest job, and the tier's own
 * start-time fair queuing tags.
 *
 * <p>The ordered sets hold only users with queued jobs. A user's tags or jobs may change only
 * between {@link #detach} and {@link #attach}, because the sets are keyed by them.
 */
final class TierState {

    /** Orders users by start tag, then by first appearance. Written out because it is the hottest code. */
    private static final Comparator<UserQueue> BY_START_TAG = (a, b) -> {
        int byTag = Double.compare(a.startTag, b.startTag);
        return byTag != 0 ? byTag : Long.compare(a.seq, b.seq);
    };

    /**
     * Orders users by the stored submit time of their oldest job ({@link UserQueue#oldestKey}), then
     * by first appearance. The stored key may lag behind the real one; see {@link #nextDue}.
     */
    private static final Comparator<UserQueue> BY_OLDEST_JOB = (a, b) -> {
        if (a.oldestKey != b.oldestKey) {
            return a.oldestKey < b.oldestKey ? -1 : 1;
        }
        return Long.compare(a.seq, b.seq);
    };

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
            userCopy.inOldestSet = true;
        }
        return copy;
    }

    boolean isStrict() {
        return config.strictPriority();
    }

    /** Takes a user out of the start-tag set before its tags or jobs change. */
    void detach(UserQueue user) {
        if (!user.isEmpty()) {
            byStartTag.remove(user);
        }
    }

    /**
     * Puts a user back after a change. The oldest-job set is updated only when the user joins or
     * leaves it, or when its oldest job became older; a younger oldest job (the usual result of a
     * dispatch) leaves a stale, too-early key that {@link #nextDue} corrects when it reaches it.
     */
    void attach(UserQueue user) {
        if (user.isEmpty()) {
            if (user.inOldestSet) {
                byOldestJob.remove(user);
                user.inOldestSet = false;
            }
            return;
        }
        byStartTag.add(user);
        long oldest = user.head.submittedAtMillis;
        if (!user.inOldestSet) {
            user.oldestKey = oldest;
            byOldestJob.add(user);
            user.inOldestSet = true;
        } else if (oldest < user.oldestKey) {
            byOldestJob.remove(user);
            user.oldestKey = oldest;
            byOldestJob.add(user);
        }
    }

    /**
     * Returns the next user, after {@code previous} (null to start), whose oldest job is due at this
     * time, in order of submit time; null when no further user is due. Stale keys met on the way are
     * corrected, which moves those users later, so every user returned has a correct key and every
     * due user is returned once.
     */
    UserQueue nextDue(UserQueue previous, long nowMillis) {
        UserQueue user = following(previous);
        while (user != null) {
            long oldest = user.head.submittedAtMillis;
            if (oldest == user.oldestKey) {
                return dueAtMillis(user.head) <= nowMillis ? user : null;
            }
            byOldestJob.remove(user);
            user.oldestKey = oldest;
            byOldestJob.add(user);
            user = following(previous);
        }
        return null;
    }

    private UserQueue following(UserQueue previous) {
        if (previous == null) {
            return byOldestJob.isEmpty() ? null : byOldestJob.first();
        }
        return byOldestJob.higher(previous);
    }

    /**
     * Returns the clock time, in milliseconds, from which a job of this tier is due: its submit time
     * plus the tier's maximum wait, less the promotion lead.
     */
    long dueAtMillis(QueuedJob job) {
        long lead = (long) (config.maxWaitMillis() * promotionLead);
        return job.submittedAtMillis + config.maxWaitMillis() - lead;
    }

    /** Returns whether a user's oldest job is due for promotion at this clock time. */
    boolean isDue(UserQueue user, long nowMillis) {
        return user.head != null && dueAtMillis(user.head) <= nowMillis;
    }
}
