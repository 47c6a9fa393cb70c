package dev.easel.core.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills free worker slots with batches, the same way for live decisions and for projections.
 *
 * <p>Implementation notes. Each round of {@link #fill} makes one batch:
 * <ol>
 *   <li><b>Candidate.</b> Walk users in {@link FairOrder}; the first user with a job that some free
 *       slot may run gives the candidate: that user's oldest such job, searched among the user's
 *       first {@code userScanDepth} jobs. A user's jobs therefore start oldest first, except that a
 *       job may pass an older job of the same user that no free worker can run.</li>
 *   <li><b>Worker.</b> Among the free slots that may run it, prefer a worker with the model loaded,
 *       then the tier's most preferred pool, then the least busy worker, then the lowest id.</li>
 *   <li><b>Affinity.</b> If that worker must switch models while a busy worker already has the
 *       candidate's model loaded, the worker may instead run the first job, within
 *       {@code affinityLookahead} users, whose model it has loaded, provided that job's user (or
 *       tier) has not received more than one model load time of accelerator-seconds beyond the
 *       candidate's, as measured by their start tags. The run time of such jobs is added to the
 *       candidate user's bypass. Once the bypass reaches one load time, the candidate is no longer
 *       passed over. So affinity bends both a job's wait and a user's share by at most about one
 *       switch. Jobs of strict-priority tiers and due jobs are never passed over. While the queue
 *       is a backlog (see {@link #isBacklogged}), the worker may do the same when no busy worker
 *       has the candidate's model, but only with a job of the candidate's tier.</li>
 *   <li><b>Batch.</b> Add jobs with the same batch key in fair order, at most one per user per walk
 *       of the order, up to the worker's maximum batch for the key. While the queue is a backlog,
 *       the first user's next job joins before each walk if it has the key. That user must stay
 *       within one model load time of accelerator-seconds of the user at the front of the fair
 *       order. A job may pass at most
 *       {@code maxOvertakes} users whose next job for the worker has another key. A batch that
 *       loads a model while the queue is a backlog may pass {@link #BACKLOG_OVERTAKE_FACTOR} times
 *       as many, but only from users within one model load time of accelerator-seconds of the
 *       batch's first job's user. A batch leaves at
 *       least one queued job for every other free slot, so idle workers are filled before batches
 *       grow. Each job is charged its marginal cost ({@code CostModel#marginalSeconds}).</li>
 * </ol>
 * Rounds repeat until no free slot can run any queued job, so no slot is left idle while it could
 * run a queued job (unless a batch delay holds one, see {@link SchedulerSettings#maxBatchDelayMillis}).
 */
final class DispatchPolicy {

    /**
     * Charges are rounded to microseconds, so that estimates differing only by floating-point noise
     * (a learned factor one ulp off) charge the same and leave tied users in the same order.
     */
    private static final double CHARGE_RESOLUTION = 1e6;

    /** Users a batch or affinity search visits at most, counting those with nothing for the worker. */
    private static final int MAX_SEARCH = 256;

    /** How many times {@code maxOvertakes} users a batch member may pass while the queue is a backlog. */
    static final int BACKLOG_OVERTAKE_FACTOR = 8;

    /** Queued jobs per worker slot from which the queue counts as a backlog; see {@link #isBacklogged}. */
    static final int BACKLOG_JOBS_PER_SLOT = 4;

    private DispatchPolicy() {
    }

    /**
     * Chooses batches for the free slots and removes their jobs from the state, charging them.
     *
     * @param state     the live state, or a projection copy
     * @param free      workers with free slots; their {@code busy} counts are increased
     * @param nowMillis the clock time of the decision
     * @param allowHold whether the maximum batch delay applies (live decisions only)
     */
    static List<BatchPlan> fill(PolicyState state, List<WorkerView> free, long nowMillis, boolean allowHold) {
        List<BatchPlan> plans = new ArrayList<>();
        List<WorkerView> open = new ArrayList<>(free.size());
        for (WorkerView worker : free) {
            if (worker.freeSlots() > 0) {
                open.add(worker);
            }
        }
        Set<BatchKey> held = new HashSet<>();
        Reach reach = Reach.of(state, open);
        if (reach.servesNone()) {
            return plans;
        }

        while (!open.isEmpty() && state.queued > 0) {
            Pick pick = findCandidate(state, open, nowMillis, held, reach);
            if (pick == null) {
                break;
            }
            boolean backlogged = isBacklogged(state);
            WorkerView worker = chooseWorker(pick, open);
            Pick chosen = preferLoadedModel(state, pick, worker, nowMillis, held, backlogged);
            if (allowHold && shouldHold(state, chosen, worker, nowMillis, open)) {
                held.add(chosen.job.key);
                continue;
            }

            plans.add(formBatch(state, chosen, worker, nowMillis, open, backlogged));
            worker.busy++;
            if (worker.freeSlots() == 0) {
                open.remove(worker);
                if (open.isEmpty()) {
                    break;
                }
                reach = Reach.of(state, open);
                if (reach.servesNone()) {
                    break;
                }
            }
        }
        return plans;
    }

    // ---- 1. candidate -------------------------------------------------------------------------

    // NOTE: this walk costs O(users) per decision when the free workers can run only jobs that sit
    // deep in many users' queues, because it checks up to userScanDepth jobs of every user. An
    // example is one worker serving a rare model while thousands of users queue other models
    // first. Reach keeps the common cases (an idle realtime worker, a model nobody queued) cheap.
    private static Pick findCandidate(PolicyState state, List<WorkerView> open, long nowMillis, Set<BatchKey> held,
            Reach reach) {
        int depth = state.settings.userScanDepth();
        for (FairOrder order = new FairOrder(state, nowMillis, reach::allowsTier); order.hasNext(); ) {
            UserQueue user = order.next();
            TierConfig tier = user.tier.config;
            QueuedJob job = user.firstMatching(j -> reach.serves(j.key) && !held.contains(j.key)
                    && anyCanRun(open, tier, j.key), depth);
            if (job != null) {
                return new Pick(user, job);
            }
        }
        return null;
    }

    private static boolean anyCanRun(List<WorkerView> open, TierConfig tier, BatchKey key) {
        for (WorkerView worker : open) {
            if (worker.canRun(tier, key)) {
                return true;
            }
        }
        return false;
    }

    // ---- 2. worker ----------------------------------------------------------------------------

    private static WorkerView chooseWorker(Pick pick, List<WorkerView> open) {
        TierConfig tier = pick.user.tier.config;
        String model = pick.job.model();
        WorkerView best = null;
        for (WorkerView worker : open) {
            if (worker.canRun(tier, pick.job.key) && (best == null || isBetter(worker, best, tier, model))) {
                best = worker;
            }
        }
        return best;
    }

    private static boolean isBetter(WorkerView a, WorkerView b, TierConfig tier, String model) {
        boolean aLoaded = a.hasLoaded(model);
        if (aLoaded != b.hasLoaded(model)) {
            return aLoaded;
        }
        int aRank = tier.poolRank(a.spec.pool());
        int bRank = tier.poolRank(b.spec.pool());
        if (aRank != bRank) {
            return aRank < bRank;
        }
        if (a.busy != b.busy) {
            return a.busy < b.busy;
        }
        return a.id().compareTo(b.id()) < 0;
    }

    // ---- 3. affinity --------------------------------------------------------------------------

    /**
     * Returns the candidate, or a job whose model the worker has loaded if affinity may pass the
     * candidate. A busy worker with the candidate's model may serve the candidate soon without a
     * switch. In a backlog every worker stays busy whatever it picks, and the candidate costs a
     * switch whenever it runs, so keeping the loaded model saves a switch now. Either way the
     * candidate's bypass bounds its delay to about one switch.
     *
     * <p>When no busy worker has the candidate's model, only a job of the candidate's own tier may
     * pass it. Passes of that kind can happen on every free slot of a backlog, and across tiers they
     * would keep a light tier up to one switch ahead for good. With one worker, a tier of weight 10
     * beside tiers of 62 and 71 then got 5.1 % more than its weighted share over 6,000 s.
     */
    private static Pick preferLoadedModel(PolicyState state, Pick pick, WorkerView worker, long nowMillis,
            Set<BatchKey> held, boolean backlogged) {
        String model = pick.job.model();
        double switchSeconds = state.cost.loadSeconds(model);
        if (worker.hasLoaded(model)
                || worker.loaded.isEmpty()
                || pick.user.bypassSeconds >= switchSeconds
                || pick.user.tier.isStrict()
                || pick.user.tier.isDue(pick.user, nowMillis)) {
            return pick;
        }
        boolean loadedElsewhere = isLoadedOnBusyWorker(state, pick, worker);
        if (!loadedElsewhere && !backlogged) {
            return pick;
        }
        Pick alternative = firstLoadedAlternative(state, pick, worker, nowMillis, held, switchSeconds, !loadedElsewhere);
        if (alternative == null) {
            return pick;
        }
        pick.user.bypassSeconds += state.cost.soloSeconds(alternative.job.key, alternative.job.job.images());
        return alternative;
    }

    /**
     * Returns whether serving {@code ahead} before {@code behind} keeps it within one model switch
     * of accelerator time of its fair share: its user's start tag may exceed the other user's by at
     * most {@code switchSeconds} in the same tier, and its tier's weighted start tag likewise.
     */
    private static boolean isWithinOneSwitch(UserQueue ahead, UserQueue behind, double switchSeconds) {
        if (ahead.tier == behind.tier) {
            return (ahead.startTag - behind.startTag) * ahead.weight <= switchSeconds;
        }
        if (ahead.tier.isStrict() || behind.tier.isStrict()) {
            return false;
        }
        double serviceAhead = (ahead.tier.startTag - behind.tier.startTag) * ahead.tier.config.weight();
        return serviceAhead <= switchSeconds;
    }

    /**
     * Returns whether the queue is a backlog: at least {@link #BACKLOG_JOBS_PER_SLOT} queued jobs for
     * every slot of the workers that are not draining. Every worker then stays busy whatever it
     * picks, so a batch that loads a model may reach further down the fair order, within a bound on
     * service, to spread the load over more jobs.
     */
    static boolean isBacklogged(PolicyState state) {
        long slots = 0;
        for (WorkerView worker : state.workers) {
            if (!worker.draining) {
                slots += worker.spec.slots();
            }
        }
        return slots > 0 && state.queued >= BACKLOG_JOBS_PER_SLOT * slots;
    }

    private static boolean isLoadedOnBusyWorker(PolicyState state, Pick pick, WorkerView except) {
        TierConfig tier = pick.user.tier.config;
        for (WorkerView worker : state.workers) {
            if (worker != except && worker.busy > 0 && worker.hasLoaded(pick.job.model())
                    && worker.canRun(tier, pick.job.key)) {
                return true;
            }
        }
        return false;
    }

    private static Pick firstLoadedAlternative(PolicyState state, Pick pick, WorkerView worker, long nowMillis,
            Set<BatchKey> held, double switchSeconds, boolean sameTierOnly) {
        int lookahead = state.settings.affinityLookahead();
        int depth = state.settings.userScanDepth();
        int seen = 0;
        int visited = 0;
        for (FairOrder order = new FairOrder(state, nowMillis, t -> t.allowsPool(worker.spec.pool()));
                order.hasNext() && seen < lookahead && visited++ < MAX_SEARCH; ) {
            UserQueue user = order.next();
            if (user == pick.user) {
                continue;
            }
            TierConfig tier = user.tier.config;
            QueuedJob job = user.firstMatching(j -> !held.contains(j.key) && worker.canRun(tier, j.key), depth);
            if (job == null) {
                continue;
            }
            seen++;
            if (sameTierOnly && user.tier != pick.user.tier) {
                continue;
            }
            if (worker.hasLoaded(job.model()) && isWithinOneSwitch(user, pick.user, switchSeconds)) {
                return new Pick(user, job);
            }
        }
        return null;
    }

    // ---- 4. batch -----------------------------------------------------------------------------

    private static boolean shouldHold(PolicyState state, Pick pick, WorkerView worker, long nowMillis,
            List<WorkerView> open) {
        long delay = state.settings.maxBatchDelayMillis();
        if (delay == 0) {
            return false;
        }
        int maxBatch = worker.spec.maxBatchFor(pick.job.key);
        boolean notFull = state.queuedWithKey(pick.job.key) < maxBatch;
        boolean young = nowMillis - pick.job.job.submittedAtMillis() < delay;
        boolean heavyLoad = state.queued > freeSlotCount(open);
        return maxBatch > 1 && notFull && young && heavyLoad;
    }

    /**
     * Forms one batch from its first job.
     *
     * @param backlogged whether the queue was a backlog before the first job was taken
     */
    private static BatchPlan formBatch(PolicyState state, Pick first, WorkerView worker, long nowMillis,
            List<WorkerView> open, boolean backlogged) {
        BatchKey key = first.job.key;
        boolean modelSwitch = !worker.hasLoaded(key.model());
        BatchPlan plan = new BatchPlan(worker, key, modelSwitch, modelSwitch ? state.cost.loadSeconds(key.model()) : 0);
        boolean reachFurther = modelSwitch && backlogged;
        take(state, first, plan);

        int maxBatch = first.user.forecast ? 1 : worker.spec.maxBatchFor(key);
        int otherFreeSlots = freeSlotCount(open) - 1;
        while (canGrow(state, plan, key, maxBatch, otherFreeSlots)) {
            if (backlogged && takeFollowingJob(state, first, worker, nowMillis, plan)) {
                continue;
            }
            List<Pick> picks = nextWithKey(state, first, worker, nowMillis, maxBatch - plan.size(), reachFurther);
            if (picks.isEmpty()) {
                break;
            }
            for (Pick pick : picks) {
                if (!canGrow(state, plan, key, maxBatch, otherFreeSlots)) {
                    break;
                }
                take(state, pick, plan);
            }
        }
        if (modelSwitch) {
            worker.switchTo(key.model());
        }
        return plan;
    }

    /**
     * Takes the first user's next job if it has the batch's key and the user stays within one model
     * load time of accelerator-seconds of the user at the front of the fair order. The jobs already
     * taken count, and the bound is the one affinity uses. A due user at the front is never passed.
     * Users often queue several jobs with one key in a row, and once the first user has been
     * charged, many users may sit between it and the front, beyond the reach of the walk.
     *
     * @return whether a job was taken
     */
    private static boolean takeFollowingJob(PolicyState state, Pick first, WorkerView worker, long nowMillis,
            BatchPlan plan) {
        UserQueue user = first.user;
        QueuedJob next = user.head;
        BatchKey key = first.job.key;
        if (next == null || !(next.key == key || next.key.equals(key)) || !worker.canRun(user.tier.config, next.key)) {
            return false;
        }
        FairOrder order = new FairOrder(state, nowMillis, t -> t.allowsPool(worker.spec.pool()));
        UserQueue front = order.hasNext() ? order.next() : user;
        if (front != user && (front.tier.isDue(front, nowMillis)
                || !isWithinOneSwitch(user, front, state.cost.loadSeconds(key.model())))) {
            return false;
        }
        take(state, new Pick(user, next), plan);
        return true;
    }

    private static boolean canGrow(PolicyState state, BatchPlan plan, BatchKey key, int maxBatch, int otherFreeSlots) {
        return plan.size() < maxBatch && state.queuedWithKey(key) > 0 && state.queued > otherFreeSlots;
    }

    /**
     * Returns up to {@code wanted} jobs with the first pick's key, one per user, in fair order, that
     * the worker may run, passing at most {@code maxOvertakes} users whose next job for the worker
     * has another key. One walk serves several batch members; a user whose next job joined the
     * batch is considered again on the following walk.
     *
     * <p>With {@code reachFurther} (the batch loads a model, and the queue was a backlog before the
     * first pick), a member may pass {@link #BACKLOG_OVERTAKE_FACTOR} times as many users, but only
     * from a user (and tier) within one model load time of accelerator-seconds of the first pick's,
     * as affinity is bounded. Each passed user still waits at most the marginal cost of the batch's
     * other members, however many users are passed, and a fuller batch spreads the load over more
     * jobs. Batches on a loaded model keep the narrow search, which keeps decisions cheap.
     */
    private static List<Pick> nextWithKey(PolicyState state, Pick first, WorkerView worker, long nowMillis,
            int wanted, boolean reachFurther) {
        BatchKey key = first.job.key;
        List<Pick> picks = new ArrayList<>(wanted);
        int depth = state.settings.userScanDepth();
        int maxOvertakes = state.settings.maxOvertakes() * (reachFurther ? BACKLOG_OVERTAKE_FACTOR : 1);
        double switchSeconds = state.cost.loadSeconds(key.model());
        int overtaken = 0;
        int searched = 0;
        for (FairOrder order = new FairOrder(state, nowMillis, t -> t.allowsPool(worker.spec.pool()));
                order.hasNext() && searched < MAX_SEARCH; ) {
            UserQueue user = order.next();
            searched++;
            TierConfig tier = user.tier.config;
            QueuedJob job = user.firstMatching(j -> worker.canRun(tier, j.key), depth);
            if (job == null) {
                continue;
            }
            boolean sameKey = job.key == key || job.key.equals(key);
            boolean withinBound = overtaken <= state.settings.maxOvertakes() || user == first.user
                    || isWithinOneSwitch(user, first.user, switchSeconds);
            if (sameKey && withinBound) {
                picks.add(new Pick(user, job));
                if (picks.size() == wanted) {
                    break;
                }
                continue;
            }
            overtaken++;
            if (overtaken > maxOvertakes) {
                break;
            }
        }
        return picks;
    }

    private static void take(PolicyState state, Pick pick, BatchPlan plan) {
        double estimate = state.cost.marginalSeconds(pick.job.key, pick.job.job.images(), plan.size());
        double charge = Math.round(estimate * CHARGE_RESOLUTION) / CHARGE_RESOLUTION;
        state.charge(pick.user, pick.job, charge);
        plan.add(pick.job, pick.user, charge);
    }

    private static int freeSlotCount(List<WorkerView> open) {
        int count = 0;
        for (WorkerView worker : open) {
            count += worker.freeSlots();
        }
        return count;
    }

    /**
     * Reach of the free workers: the tiers whose pools include one of them, and the queued batch
     * keys one of them serves. It lets the candidate search skip tiers and jobs that
     * no free worker could take, such as every generation tier when only a realtime worker is
     * free. It is recomputed whenever a worker's last free slot is taken.
     *
     * <p>Keys are checked when needed rather than collected, because a projection fills slots tens
     * of thousands of times, mostly one or two at a time, and a collected set made up most of its
     * allocation. The queued keys are a view. Until the reach is recomputed, keys only leave it once
     * no queued job has them, so for every queued job it returns what a copy would return.
     */
    private record Reach(WorkerView[] workers, Set<BatchKey> queuedKeys) {

        static Reach of(PolicyState state, List<WorkerView> open) {
            return new Reach(open.toArray(new WorkerView[0]), state.queuedByKey.keySet());
        }

        /** Returns whether one of the free workers serves a queued job with this key. */
        boolean serves(BatchKey key) {
            for (WorkerView worker : workers) {
                if (worker.spec.canRun(key)) {
                    return true;
                }
            }
            return false;
        }

        /** Returns whether none of the free workers serves any queued key. */
        boolean servesNone() {
            for (BatchKey key : queuedKeys) {
                if (serves(key)) {
                    return false;
                }
            }
            return true;
        }

        boolean allowsTier(TierConfig tier) {
            if (tier.pools().isEmpty()) {
                return true;
            }
            for (String pool : tier.pools()) {
                for (WorkerView worker : workers) {
                    if (worker.spec.pool().equals(pool)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** A user and the job of theirs the policy considers. */
    private record Pick(UserQueue user, QueuedJob job) {
    }
}
