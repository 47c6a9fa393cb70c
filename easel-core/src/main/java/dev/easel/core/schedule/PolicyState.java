package dev.easel.core.schedule;

import dev.easel.core.cost.CostModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the dispatch policy decides on: tiers with their user queues and fair queuing tags,
 * the workers, and the cost model. The live scheduler owns one; each projection works on a copy.
 *
 * <p>Not thread-safe.
 */
final class PolicyState {

    final SchedulerSettings settings;
    final CostModel cost;
    final List<TierState> tiers;
    final List<WorkerView> workers;

    /**
     * Queued (schedulable) jobs per interned batch key. Each count is an array of one, so that a
     * dispatch changes it in place, and a key leaves when its count reaches 0.
     */
    final Map<BatchKey, int[]> queuedByKey;

    /** 0 for the live state; the projection's epoch in a copy. */
    final long epoch;

    /** Start tag of the latest job dispatched from a weighted tier: the tiers' virtual time. */
    double tierVirtualTime;

    /** Jobs in all user queues. */
    int queued;

    PolicyState(SchedulerSettings settings, CostModel cost, List<TierState> tiers, List<WorkerView> workers,
            Map<BatchKey, int[]> queuedByKey, long epoch) {
        this.settings = settings;
        this.cost = cost;
        this.tiers = tiers;
        this.workers = workers;
        this.queuedByKey = queuedByKey;
        this.epoch = epoch;
    }

    /** Returns a copy for a projection; the live state is not changed by anything done to the copy. */
    PolicyState copyForProjection(long projectionEpoch) {
        List<TierState> tierCopies = new ArrayList<>(tiers.size());
        for (TierState tier : tiers) {
            tierCopies.add(tier.copyForProjection(projectionEpoch));
        }
        List<WorkerView> workerCopies = new ArrayList<>(workers.size());
        for (WorkerView worker : workers) {
            workerCopies.add(worker.copy());
        }
        HashMap<BatchKey, int[]> countCopies = new HashMap<>(queuedByKey);
        countCopies.replaceAll((key, count) -> count.clone());
        PolicyState copy = new PolicyState(settings, cost, tierCopies, workerCopies, countCopies, projectionEpoch);
        copy.tierVirtualTime = tierVirtualTime;
        copy.queued = queued;
        return copy;
    }

    /**
     * Adds a job to its user's queue and activates the user and tier if they were idle: a submit in
     * the live state, or a forecast job in a projection copy.
     */
    void enqueue(UserQueue user, QueuedJob job) {
        TierState tier = user.tier;
        if (tier.queued == 0) {
            tier.startTag = Math.max(tier.finishTag, tierVirtualTime);
        }
        tier.detach(user);
        if (user.isEmpty()) {
            user.startTag = Math.max(user.finishTag, tier.userVirtualTime);
        }
        user.insert(job);
        tier.attach(user);
        tier.queued++;
        queued++;
        queuedByKey.computeIfAbsent(job.key, key -> new int[1])[0]++;
    }

    /** Removes a queued job without charging anyone (cancel, or the job became unschedulable). */
    void withdraw(UserQueue user, QueuedJob job) {
        TierState tier = user.tier;
        tier.detach(user);
        user.remove(job);
        tier.attach(user);
        tier.queued--;
        queued--;
        countLeaving(job.key);
    }

    /**
     * Removes a job for dispatch and charges its cost to the user and the tier: start-time fair
     * queuing at both levels, with each flow's finish tag advanced by cost divided by its weight.
     */
    void charge(UserQueue user, QueuedJob job, double costSeconds) {
        TierState tier = user.tier;

        tier.detach(user);
        user.remove(job);
        user.finishTag = user.startTag + costSeconds / user.weight;
        tier.userVirtualTime = Math.max(tier.userVirtualTime, user.startTag);
        if (!user.isEmpty()) {
            user.startTag = user.finishTag;
        }
        tier.attach(user);

        tier.finishTag = tier.startTag + costSeconds / tier.config.weight();
        if (!tier.isStrict()) {
            tierVirtualTime = Math.max(tierVirtualTime, tier.startTag);
        }
        tier.queued--;
        if (tier.queued > 0) {
            tier.startTag = tier.finishTag;
        }

        queued--;
        countLeaving(job.key);
    }

    /** Counts a job with this key out of the queue, dropping the key at 0. */
    private void countLeaving(BatchKey key) {
        int[] count = queuedByKey.get(key);
        if (count == null) {
            queuedByKey.put(key, new int[] {-1});
        } else if (--count[0] == 0) {
            queuedByKey.remove(key);
        }
    }

    /**
     * Corrects a dispatched job's charge once its real cost is known, so that shares follow
     * measured accelerator time rather than estimates (live only).
     */
    void correctCharge(UserQueue user, double deltaSeconds) {
        TierState tier = user.tier;
        tier.detach(user);
        double userDelta = deltaSeconds / user.weight;
        user.finishTag += userDelta;
        if (!user.isEmpty()) {
            user.startTag += userDelta;
        }
        tier.attach(user);
        double tierDelta = deltaSeconds / tier.config.weight();
        tier.finishTag += tierDelta;
        if (tier.queued > 0) {
            tier.startTag += tierDelta;
        }
    }

    int queuedWithKey(BatchKey key) {
        int[] count = queuedByKey.get(key);
        return count == null ? 0 : count[0];
    }
}
