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

    /**
     * Orders users by the submit time of their oldest job ({@link UserQueue#oldestKey}), then by
     * first appearance.
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

    final StartTagOrder byStartTag = new StartTagOrder();
    final TreeSet<UserQueue> byOldestJob = new TreeSet<>(BY_OLDEST_JOB);

    /** Every user with queued, held or running jobs (live only; empty in projection copies). */
    final Map<String, UserQueue> users = new LinkedHashMap<>();

    /** Fraction of the maximum wait before the deadline at which a job is promoted. */
    final double promotionLead;

    /** Search key for the first user in {@link #byOldestJob} whose oldest job is not late. */
    private final UserQueue lateProbe = new UserQueue("", this, Long.MIN_VALUE);

    /**
     * The first user in {@link #byOldestJob} whose oldest job was submitted at or after {@link
     * #notLateSince} (null when none is), kept up to date as users come and go while {@link
     * #notLateValid}. Every walk of the fair order starts with this search.
     */
    private UserQueue firstNotLate;
    private long notLateSince;
    private TierConfig notLateConfig;
    private boolean notLateValid;

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
     * Puts a user back after a change, with its oldest-job key set to the submit time of its
     * current oldest job. Keeping the key exact costs one more re-insertion per dispatch, and lets
     * {@link #nextDue} jump past users whose oldest job is already late.
     */
    void attach(UserQueue user) {
        if (user.isEmpty()) {
            if (user.inOldestSet) {
                removeOldest(user);
                user.inOldestSet = false;
            }
            return;
        }
        byStartTag.add(user);
        long oldest = user.head.submittedAtMillis;
        if (!user.inOldestSet) {
            user.oldestKey = oldest;
            addOldest(user);
            user.inOldestSet = true;
        } else if (oldest != user.oldestKey) {
            removeOldest(user);
            user.oldestKey = oldest;
            addOldest(user);
        }
    }

    private void addOldest(UserQueue user) {
        byOldestJob.add(user);
        if (notLateValid && user.oldestKey >= notLateSince
                && (firstNotLate == null || BY_OLDEST_JOB.compare(user, firstNotLate) < 0)) {
            firstNotLate = user;
        }
    }

    private void removeOldest(UserQueue user) {
        byOldestJob.remove(user);
        if (user == firstNotLate) {
            notLateValid = false;
        }
    }

    /**
     * Returns the next user, after {@code previous} (null to start), whose oldest job is due at this
     * time, in order of submit time; null when no further user is due. Users whose oldest job is
     * already past its deadline are skipped with one lookup: promotion serves a job only while
     * promoting it can still keep it within its maximum wait.
     */
    UserQueue nextDue(UserQueue previous, long nowMillis) {
        UserQueue user = previous == null ? firstNotLate(nowMillis - config.maxWaitMillis()) : byOldestJob.higher(previous);
        return user != null && isDue(user, nowMillis) ? user : null;
    }

    /**
     * Returns the first user whose oldest job was submitted at or after {@code since}. The result is
     * kept. Users that join the oldest-job set update it, and a later {@code since} moves it only
     * once it passes the kept user. So the set is searched again only then, after the kept user
     * leaves, or after the tier's config changes.
     */
    private UserQueue firstNotLate(long since) {
        boolean kept = notLateValid && notLateConfig == config && since >= notLateSince
                && (firstNotLate == null || firstNotLate.oldestKey >= since);
        if (!kept) {
            lateProbe.oldestKey = since;
            firstNotLate = byOldestJob.ceiling(lateProbe);
            notLateConfig = config;
            notLateValid = true;
        }
        notLateSince = since;
        return firstNotLate;
    }

    /**
     * Returns the clock time, in milliseconds, from which a job of this tier is due: its submit time
     * plus the tier's maximum wait, less the promotion lead.
     */
    long dueAtMillis(QueuedJob job) {
        long lead = (long) (config.maxWaitMillis() * promotionLead);
        return job.submittedAtMillis + config.maxWaitMillis() - lead;
    }

    /** Returns the clock time, in milliseconds, at which a job of this tier reaches its maximum wait. */
    long deadlineMillis(QueuedJob job) {
        long maxWait = config.maxWaitMillis();
        return maxWait > Long.MAX_VALUE - job.submittedAtMillis ? Long.MAX_VALUE : job.submittedAtMillis + maxWait;
    }

    /**
     * Returns whether a user's oldest job is promoted at this clock time: it is due, and not yet past
     * its deadline. A late job has already missed the bound; it goes back to the fair order.
     */
    boolean isDue(UserQueue user, long nowMillis) {
        return user.head != null && dueAtMillis(user.head) <= nowMillis && nowMillis <= deadlineMillis(user.head);
    }
}
