package dev.easel.core.schedule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Jobs that no active worker could run, held outside the user queues with the reason, and moved
 * between the queues and this set whenever workers or tiers change.
 *
 * <p>Not thread-safe; owned by one {@link FairScheduler}.
 */
final class HeldJobs {

    private final Map<String, QueuedJob> held = new LinkedHashMap<>();
    private final Schedulability schedulability = new Schedulability();
    private final PolicyState state;
    private final Collection<WorkerView> workers;
    private final Function<QueuedJob, UserQueue> userOf;

    /**
     * @param state   the live policy state whose queues jobs leave and rejoin
     * @param workers a live view of the registered workers
     * @param userOf  finds the live user queue a job belongs to
     */
    HeldJobs(PolicyState state, Collection<WorkerView> workers, Function<QueuedJob, UserQueue> userOf) {
        this.state = state;
        this.workers = workers;
        this.userOf = userOf;
    }

    /** Returns null when some active worker could run such a job, otherwise the reason none can. */
    String unschedulableReason(TierConfig tier, BatchKey key) {
        return schedulability.unschedulableReason(tier, key, workers);
    }

    Collection<QueuedJob> jobs() {
        return held.values();
    }

    void hold(UserQueue user, QueuedJob queued, String reason) {
        queued.unschedulableReason = reason;
        held.put(queued.job.id(), queued);
        user.heldCount++;
        user.tier.held++;
    }

    void release(UserQueue user, QueuedJob queued) {
        held.remove(queued.job.id());
        queued.unschedulableReason = null;
        user.heldCount--;
        user.tier.held--;
    }

    /**
     * Re-evaluates every job after workers or tiers changed: held jobs that some worker can now run
     * rejoin their user's queue in submit order, and queued jobs that none can run any more are held.
     */
    void refresh() {
        schedulability.invalidate();
        requeueRunnable();
        holdUnrunnable();
    }

    private void requeueRunnable() {
        for (Iterator<QueuedJob> it = held.values().iterator(); it.hasNext(); ) {
            QueuedJob queued = it.next();
            UserQueue user = userOf.apply(queued);
            String reason = unschedulableReason(user.tier.config, queued.key);
            if (reason == null) {
                it.remove();
                queued.unschedulableReason = null;
                user.heldCount--;
                user.tier.held--;
                state.enqueue(user, queued);
            } else {
                queued.unschedulableReason = reason;
            }
        }
    }

    private void holdUnrunnable() {
        List<BatchKey> keys = new ArrayList<>(state.queuedByKey.keySet());
        for (TierState tier : state.tiers) {
            if (tier.queued == 0) {
                continue;
            }
            Set<BatchKey> unrunnable = new HashSet<>();
            for (BatchKey key : keys) {
                if (unschedulableReason(tier.config, key) != null) {
                    unrunnable.add(key);
                }
            }
            if (!unrunnable.isEmpty()) {
                holdJobsWithKeys(tier, unrunnable);
            }
        }
    }

    private void holdJobsWithKeys(TierState tier, Set<BatchKey> keys) {
        for (UserQueue user : new ArrayList<>(tier.byStartTag)) {
            QueuedJob job = user.head;
            while (job != null) {
                QueuedJob next = job.next;
                if (keys.contains(job.key)) {
                    state.withdraw(user, job);
                    hold(user, job, unschedulableReason(tier.config, job.key));
                }
                job = next;
            }
        }
    }
}
