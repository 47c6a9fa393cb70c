package dev.easel.server.dispatch;

import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.QueueFullException;
import dev.easel.core.schedule.TierConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts of waiting jobs per tier and per user within a tier, kept outside the dispatch loop so
 * that a submit can reserve its place without waiting for the loop.
 *
 * <p>A count covers jobs reserved by a submit in progress and jobs in the scheduler's queue. A
 * reservation becomes a queued job without a change of count. The count drops when the job
 * leaves the queue (dispatched or canceled) or when the submit fails. Jobs that return to the queue
 * (retries, recovery) are counted without a limit check, so the limits bound new submits only.
 *
 * <p>Thread-safe: each count is an atomic integer, and a reservation that would pass a limit is
 * undone before it is reported. Note that a count, once created, is never dropped, so memory
 * grows with the number of distinct tier and user pairs seen since the start.
 */
final class QueueCounts {

    private final Map<String, AtomicInteger> byTier = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byTierUser = new ConcurrentHashMap<>();

    /**
     * Reserves a place for a new job.
     *
     * @throws QueueFullException when the tier, or the user's share of it, is full
     */
    void reserve(Job job, TierConfig tier) {
        AtomicInteger inTier = byTier.computeIfAbsent(job.tier(), t -> new AtomicInteger());
        if (inTier.incrementAndGet() > tier.maxQueued()) {
            inTier.decrementAndGet();
            throw new QueueFullException(tier.name(), tier.maxQueued());
        }
        AtomicInteger ofUser = byTierUser.computeIfAbsent(userKey(job), k -> new AtomicInteger());
        if (ofUser.incrementAndGet() > tier.maxQueuedPerUser() && tier.maxQueuedPerUser() > 0) {
            ofUser.decrementAndGet();
            inTier.decrementAndGet();
            throw new QueueFullException(tier.name(), job.user(), tier.maxQueuedPerUser());
        }
    }

    /** Counts a job that returns to the queue without a reservation (a retry or a recovered job). */
    void add(Job job) {
        byTier.computeIfAbsent(job.tier(), t -> new AtomicInteger()).incrementAndGet();
        byTierUser.computeIfAbsent(userKey(job), k -> new AtomicInteger()).incrementAndGet();
    }

    /** Uncounts a job that left the queue, or a reservation whose submit failed. */
    void remove(Job job) {
        AtomicInteger inTier = byTier.get(job.tier());
        if (inTier != null) {
            inTier.decrementAndGet();
        }
        AtomicInteger ofUser = byTierUser.get(userKey(job));
        if (ofUser != null) {
            ofUser.decrementAndGet();
        }
    }

    /** Returns the count of a tier. */
    int inTier(String tier) {
        AtomicInteger count = byTier.get(tier);
        return count == null ? 0 : count.get();
    }

    private static String userKey(Job job) {
        return job.tier() + "\u0000" + job.user();
    }
}
