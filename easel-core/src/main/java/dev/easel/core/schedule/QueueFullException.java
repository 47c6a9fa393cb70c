package dev.easel.core.schedule;

/**
 * Thrown when a submit would exceed a tier's maximum number of queued jobs, or the number one user
 * may hold in that tier. A retry can succeed once queued jobs have started or been canceled.
 */
public final class QueueFullException extends RuntimeException {

    private final String tier;
    private final int maxQueued;
    private final String user;

    /** Creates the exception for a full tier. */
    public QueueFullException(String tier, int maxQueued) {
        super("tier " + tier + " already holds its maximum of " + maxQueued + " queued jobs");
        this.tier = tier;
        this.maxQueued = maxQueued;
        this.user = null;
    }

    /** Creates the exception for a user who already holds the tier's per-user maximum. */
    public QueueFullException(String tier, String user, int maxQueuedPerUser) {
        super("user " + user + " already holds the maximum of " + maxQueuedPerUser
                + " queued jobs in tier " + tier);
        this.tier = tier;
        this.maxQueued = maxQueuedPerUser;
        this.user = user;
    }

    /** Returns whether the per-user limit, not the tier's total, was reached. */
    public boolean isPerUserLimit() {
        return user != null;
    }

    /** Returns the user whose limit was reached, or {@code null} when the tier's total was. */
    public String user() {
        return user;
    }

    public String tier() {
        return tier;
    }

    /** Returns the limit that was reached: the tier's total or the per-user maximum. */
    public int maxQueued() {
        return maxQueued;
    }
}
