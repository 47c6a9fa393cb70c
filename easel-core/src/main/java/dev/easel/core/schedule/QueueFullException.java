package dev.easel.core.schedule;

/** Thrown when a submit would exceed a tier's maximum number of queued jobs. */
public final class QueueFullException extends RuntimeException {

    private final String tier;
    private final int maxQueued;

    public QueueFullException(String tier, int maxQueued) {
        super("tier " + tier + " already holds its maximum of " + maxQueued + " queued jobs");
        this.tier = tier;
        this.maxQueued = maxQueued;
    }

    public String tier() {
        return tier;
    }

    public int maxQueued() {
        return maxQueued;
    }
}
