package dev.easel.core.schedule;

import dev.easel.core.cost.CostModel;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Easel's scheduler: strict-priority and weighted tiers sharing accelerator time, equal shares
 * between a tier's users, first in first out per user, a bound on waiting, batching and model
 * affinity.
 *
 * <p>Create one with {@link #create(InstantSource, SchedulerSettings)}. It reads time only from that
 * clock and does no I/O. Not thread-safe: the caller serialises every call. For the same sequence of
 * calls and clock readings it makes the same decisions.
 *
 * <p>Implementation notes. Shares follow hierarchical start-time fair queuing (Goyal, Vin and Cheng,
 * "Start-time Fair Queueing", SIGCOMM 1996), applied at two levels with estimated accelerator-seconds
 * as packet lengths:
 * <ul>
 *   <li>Each weighted tier, and each user inside a tier, is a flow with a start tag S and a finish tag
 *       F. Dispatching a job of cost c sets {@code F = S + c / weight} (a user's weight is 1 unless
 *       {@link #setUserWeight} changed it), and a still
 *       backlogged flow's next {@code S = F}. A flow that becomes backlogged again starts at
 *       {@code S = max(F, v)}, where v, the level's virtual time, is the largest start tag dispatched
 *       so far. So an idle flow neither banks credit nor is punished: work-conserving lending that
 *       ends at the next decision once the lender has work again, without preempting anything.</li>
 *   <li>The next job comes from the weighted tier with the lowest S, and inside it from the user with
 *       the lowest S, that user's oldest job first. Strict-priority tiers (realtime) go before every
 *       weighted tier.</li>
 *   <li>A job charged c at dispatch is corrected to its measured share of the batch's run time when
 *       the batch finishes, so shares converge on measured accelerator time, not estimates.</li>
 *   <li>Deadline promotion bounds waiting: a user's oldest job whose wait reaches its tier's maximum
 *       wait less the promotion lead goes before the fair order, earliest deadline first. It is still
 *       charged to its tier and user.</li>
 * </ul>
 * Slot filling, batching and affinity are in {@link DispatchPolicy}; projections in
 * {@link ProjectionRun}; the cost model in {@link CostModel}. A decision walks only the heads of the
 * ordered user sets, so it costs O(log users) per dispatched job plus bounded look-ahead, independent
 * of the number of queued jobs.
 */
public final class FairScheduler implements Scheduler {

    private final InstantSource clock;
    private final SchedulerSettings settings;
    private final CostModel cost;
    private final PolicyState state;
    private final Map<String, TierState> tiersByName = new LinkedHashMap<>();
    private final TreeMap<String, WorkerView> workersById = new TreeMap<>();
    private final Map<String, QueuedJob> jobsById = new HashMap<>();
    private final Map<BatchKey, KeyReference> internedKeys = new HashMap<>();
    private final Map<String, Double> userWeights = new HashMap<>();
    private final Map<String, RunningBatch> running = new LinkedHashMap<>();
    private final HeldJobs heldJobs;
    private final ArrivalForecast arrivals;

    private long jobSequence;
    private long userSequence;
    private long batchSequence;
    private long projectionEpoch;

    private Map<String, Projection> cachedProjections;
    private final Map<String, Projection> lateProjections = new HashMap<>();
    private long cachedAtMillis;
    private boolean changedSinceProjection = true;

    private FairScheduler(InstantSource clock, SchedulerSettings settings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cost = CostModel.create(settings.costPriors());
        List<TierState> tiers = new ArrayList<>();
        for (TierConfig config : settings.tiers()) {
            TierState tier = new TierState(config, tiers.size(), settings.promotionLead());
            tiers.add(tier);
            tiersByName.put(config.name(), tier);
        }
        this.state = new PolicyState(settings, cost, tiers, new ArrayList<>(), new HashMap<>(), 0);
        this.heldJobs = new HeldJobs(state, workersById.values(), this::userOf);
        this.arrivals = new ArrivalForecast(settings.arrivalWindowMillis());
    }

    /**
     * Creates a scheduler with no workers and no jobs.
     *
     * @param clock    source of the current time; the simulator passes a virtual clock
     * @param settings tiers, cost priors and policy bounds; see {@link SchedulerSettings#defaults()}
     */
    public static FairScheduler create(InstantSource clock, SchedulerSettings settings) {
        return new FairScheduler(clock, settings);
    }

    /** Returns the cost model, which learns from every finished batch. */
    public CostModel costModel() {
        return cost;
    }

    /** Returns the settings this scheduler was created with; tiers may since have changed. */
    public SchedulerSettings settings() {
        return settings;
    }

    // ---- jobs ---------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>A job that no active worker could run is accepted but held as unschedulable; its
     * projection carries the reason, and it joins the queue when a capable worker joins.
     *
     * @throws QueueFullException       when the tier, or this user in the tier, already has its maximum queued
     * @throws IllegalArgumentException when the tier is unknown or the id is already queued
     * @throws IllegalStateException    when the tier is paused
     */
    @Override
    public void submit(Job job) {
        TierState tier = requireTier(job.tier());
        if (jobsById.containsKey(job.id())) {
            throw new IllegalArgumentException("job " + job.id() + " is already queued");
        }
        if (tier.config.paused()) {
            throw new IllegalStateException("tier " + tier.config.name() + " is paused and accepts no jobs");
        }
        if (tier.queued + tier.held >= tier.config.maxQueued()) {
            throw new QueueFullException(tier.config.name(), tier.config.maxQueued());
        }
        UserQueue user = tier.users.get(job.user());
        int perUserLimit = tier.config.maxQueuedPerUser();
        if (perUserLimit > 0 && user != null && user.size + user.heldCount >= perUserLimit) {
            throw new QueueFullException(tier.config.name(), job.user(), perUserLimit);
        }
        if (user == null) {
            user = new UserQueue(job.user(), tier, userSequence++);
            user.weight = userWeights.getOrDefault(job.user(), 1.0);
            tier.users.put(job.user(), user);
        }

        QueuedJob queued = new QueuedJob(job, intern(job.batchKey()), jobSequence++);
        jobsById.put(job.id(), queued);
        String reason = heldJobs.unschedulableReason(tier.config, queued.key);
        if (reason == null) {
            boolean passesQueue = user.isEmpty();
            state.enqueue(user, queued);
            if (passesQueue) {
                arrivals.record(job, cost.soloSeconds(queued.key, job.images()), clock.millis());
            }
        } else {
            heldJobs.hold(user, queued, reason);
        }
        changedSinceProjection = true;
    }

    @Override
    public boolean cancel(String jobId) {
        QueuedJob queued = jobsById.remove(jobId);
        if (queued == null) {
            return false;
        }
        UserQueue user = userOf(queued);
        if (queued.unschedulableReason != null) {
            heldJobs.release(user, queued);
        } else {
            state.withdraw(user, queued);
        }
        releaseKey(queued.key);
        forgetIfIdle(user);
        changedSinceProjection = true;
        return true;
    }

    @Override
    public double estimateCostSeconds(Job job) {
        return cost.soloSeconds(job.batchKey(), job.images());
    }

    @Override
    public Map<String, Integer> queuedByTier() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TierState tier : state.tiers) {
            counts.put(tier.config.name(), tier.queued + tier.held);
        }
        return counts;
    }

    /**
     * Sets a user's weight inside every tier: backlogged users of a tier share it in proportion to
     * their weights. Users start at weight 1. The new weight applies from the user's next
     * dispatched job on.
     *
     * @throws IllegalArgumentException when the weight is not a positive finite number
     */
    public void setUserWeight(String user, double weight) {
        Objects.requireNonNull(user, "user");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("user " + user + ": weight must be a positive finite number, was " + weight);
        }
        if (weight == 1.0) {
            userWeights.remove(user);
        } else {
            userWeights.put(user, weight);
        }
        for (TierState tier : state.tiers) {
            UserQueue queue = tier.users.get(user);
            if (queue != null) {
                queue.weight = weight;
            }
        }
        changedSinceProjection = true;
    }

    // ---- workers ------------------------------------------------------------------------------

    @Override
    public void workerJoined(WorkerSpec spec) {
        WorkerView worker = workersById.get(spec.id());
        if (worker == null) {
            worker = new WorkerView(spec);
            workersById.put(spec.id(), worker);
            rebuildWorkerList();
        } else {
            worker.spec = spec;
            worker.draining = false;
        }
        workersChanged();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The charges of its running batches are refunded to their users and tiers, since the caller
     * queues those jobs again and they will be charged when they run. An unknown id is ignored.
     */
    @Override
    public void workerLeft(String workerId) {
        WorkerView worker = workersById.remove(workerId);
        if (worker == null) {
            return;
        }
        rebuildWorkerList();
        for (Iterator<RunningBatch> it = running.values().iterator(); it.hasNext(); ) {
            RunningBatch batch = it.next();
            if (batch.worker == worker) {
                it.remove();
                correctCharges(batch.plan, 0);
                batch.plan.owners.forEach(this::jobLeftUser);
            }
        }
        workersChanged();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the worker is unknown
     */
    @Override
    public void workerDraining(String workerId) {
        requireWorker(workerId).draining = true;
        workersChanged();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the worker is unknown
     */
    @Override
    public void modelsLoaded(String workerId, Set<String> models) {
        requireWorker(workerId).loaded = new HashSet<>(models);
        changedSinceProjection = true;
    }

    @Override
    public void modelLoadObserved(String workerId, String model, long loadMillis) {
        cost.observeLoad(model, loadMillis / 1000.0);
    }

    // ---- batches ------------------------------------------------------------------------------

    @Override
    public List<Assignment> decide() {
        long now = clock.millis();
        List<WorkerView> free = new ArrayList<>();
        for (WorkerView worker : state.workers) {
            if (worker.freeSlots() > 0) {
                free.add(worker);
            }
        }
        if (free.isEmpty() || state.queued == 0) {
            return List.of();
        }

        List<BatchPlan> plans = DispatchPolicy.fill(state, free, now, true);
        List<Assignment> assignments = new ArrayList<>(plans.size());
        for (BatchPlan plan : plans) {
            String batchId = "batch-" + (++batchSequence);
            running.put(batchId, new RunningBatch(batchId, plan.worker, plan, now));
            List<Job> jobs = new ArrayList<>(plan.size());
            for (int i = 0; i < plan.size(); i++) {
                QueuedJob queued = plan.jobs.get(i);
                jobsById.remove(queued.job.id());
                releaseKey(queued.key);
                plan.owners.get(i).runningCount++;
                jobs.add(queued.job);
            }
            assignments.add(new Assignment(batchId, plan.worker.id(), plan.key, jobs, plan.modelSwitch));
        }
        if (!plans.isEmpty()) {
            changedSinceProjection = true;
        }
        return assignments;
    }

    @Override
    public void batchStarted(String batchId) {
        RunningBatch batch = running.get(batchId);
        if (batch != null) {
            batch.runStartedAtMillis = clock.millis();
            changedSinceProjection = true;
        }
    }

    @Override
    public void batchProgress(String batchId, int step, int totalSteps) {
        RunningBatch batch = running.get(batchId);
        if (batch != null && step > 0 && totalSteps > 0) {
            if (batch.runStartedAtMillis < 0) {
                batch.runStartedAtMillis = batch.decidedAtMillis + Math.round(batch.plan.loadSeconds * 1000);
            }
            batch.progressStep = step;
            batch.progressTotal = totalSteps;
            batch.progressAtMillis = clock.millis();
            changedSinceProjection = true;
        }
    }

    @Override
    public Optional<Long> expectedFinishMillis(String batchId) {
        RunningBatch batch = running.get(batchId);
        return batch == null ? Optional.empty() : Optional.of(batch.expectedFinishMillis());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every job's charge is scaled to its share of the observed run time, whether or not the
     * batch succeeded, because the accelerator time was spent either way. An unknown id (for
     * example a batch dropped when its worker left) is ignored.
     */
    @Override
    public void batchFinished(String batchId, long observedRunMillis, boolean succeeded) {
        RunningBatch batch = running.remove(batchId);
        if (batch == null) {
            return;
        }
        batch.worker.busy = Math.max(0, batch.worker.busy - 1);
        double observedSeconds = Math.max(0, observedRunMillis) / 1000.0;
        correctCharges(batch.plan, observedSeconds);
        if (succeeded) {
            cost.observeBatch(batch.plan.key, batch.plan.imagesPerJob(), observedSeconds);
        }
        batch.plan.owners.forEach(this::jobLeftUser);
        changedSinceProjection = true;
    }

    /**
     * Smallest charge correction applied, in seconds. Smaller ones are rounding noise of the
     * millisecond run times, and applying them would only reorder users with equal tags.
     */
    private static final double MIN_CORRECTION_SECONDS = 0.001;

    /** Largest factor by which a measured run may scale the charges of its batch. */
    private static final double MAX_CHARGE_FACTOR = 10.0;

    private void correctCharges(BatchPlan plan, double observedSeconds) {
        if (!(plan.runSeconds > 0)) {
            return;
        }
        double factor = Math.min(MAX_CHARGE_FACTOR, observedSeconds / plan.runSeconds);
        for (int i = 0; i < plan.size(); i++) {
            double delta = plan.charge(i) * (factor - 1);
            if (Math.abs(delta) >= MIN_CORRECTION_SECONDS) {
                state.correctCharge(plan.owners.get(i), delta);
            }
        }
    }

    // ---- tiers --------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Existing tiers keep their fair queuing tags, so a weight change applies from the next
     * dispatched job on. A new tier starts at the current virtual time.
     *
     * @throws IllegalArgumentException when the list is empty, names a tier twice, or leaves out a
     *                                  tier that still has queued or running jobs
     */
    @Override
    public void updateTiers(List<TierConfig> tiers) {
        SchedulerSettings.validateTiers(tiers);
        Set<String> kept = new HashSet<>();
        tiers.forEach(t -> kept.add(t.name()));
        for (TierState tier : state.tiers) {
            if (!kept.contains(tier.config.name()) && !tier.users.isEmpty()) {
                throw new IllegalArgumentException("tier " + tier.config.name()
                        + " still has queued or running jobs; pause it and let them finish before removing it");
            }
        }

        List<TierState> updated = new ArrayList<>(tiers.size());
        for (TierConfig config : tiers) {
            TierState tier = tiersByName.get(config.name());
            if (tier == null) {
                tier = new TierState(config, updated.size(), settings.promotionLead());
                tier.startTag = state.tierVirtualTime;
                tier.finishTag = state.tierVirtualTime;
            }
            tier.config = config;
            tier.index = updated.size();
            updated.add(tier);
        }
        tiersByName.clear();
        updated.forEach(t -> tiersByName.put(t.config.name(), t));
        state.tiers.clear();
        state.tiers.addAll(updated);
        workersChanged();
    }

    @Override
    public List<TierConfig> tiers() {
        List<TierConfig> configs = new ArrayList<>(state.tiers.size());
        state.tiers.forEach(t -> configs.add(t.config));
        return configs;
    }

    // ---- projections --------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Projections are cached for up to {@link SchedulerSettings#projectionMaxAgeMillis()}. A job
     * submitted since the cache was filled is projected by running the policy only until that job
     * is placed, which is cheap for a job near the front; that result is kept until the next full
     * run. A job in a paused tier is reported unschedulable with that reason. The projected start
     * includes the jobs expected to arrive and pass this one, forecast from the arrivals of the
     * last {@link SchedulerSettings#arrivalWindowMillis()}.
     */
    @Override
    public Optional<Projection> projection(String jobId) {
        QueuedJob queued = jobsById.get(jobId);
        if (queued == null) {
            return Optional.empty();
        }
        if (queued.unschedulableReason != null) {
            return Optional.of(Projection.unschedulable(jobId, queued.unschedulableReason));
        }
        long now = clock.millis();
        if (!isCacheFresh(now)) {
            return Optional.ofNullable(refreshProjections(now).get(jobId));
        }
        Projection cached = cachedProjections.get(jobId);
        if (cached == null) {
            cached = lateProjections.get(jobId);
        }
        if (cached == null) {
            cached = ProjectionRun.runUntilPlaced(state, running.values(), now, ++projectionEpoch, arrivals, queued);
            if (cached == null) {
                cached = Projection.unschedulable(jobId, pausedReason(userOf(queued).tier));
            }
            lateProjections.put(jobId, cached);
        }
        return Optional.of(cached);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The map is an immutable snapshot from one run of the policy, reused for up to
     * {@link SchedulerSettings#projectionMaxAgeMillis()}; jobs submitted since are not in it.
     */
    @Override
    public Map<String, Projection> projections() {
        long now = clock.millis();
        return isCacheFresh(now) ? cachedProjections : refreshProjections(now);
    }

    private boolean isCacheFresh(long now) {
        return cachedProjections != null
                && (now - cachedAtMillis < settings.projectionMaxAgeMillis()
                        || (!changedSinceProjection && now == cachedAtMillis));
    }

    private Map<String, Projection> refreshProjections(long now) {
        Map<String, Projection> projections = ProjectionRun.run(state, running.values(), now, ++projectionEpoch, arrivals);
        for (QueuedJob held : heldJobs.jobs()) {
            projections.put(held.job.id(), Projection.unschedulable(held.job.id(), held.unschedulableReason));
        }
        addPausedTiers(projections);
        cachedProjections = Collections.unmodifiableMap(projections);
        lateProjections.clear();
        cachedAtMillis = now;
        changedSinceProjection = false;
        return cachedProjections;
    }

    private static String pausedReason(TierState tier) {
        return "tier " + tier.config.name() + " is paused";
    }

    private void addPausedTiers(Map<String, Projection> projections) {
        for (TierState tier : state.tiers) {
            if (!tier.config.paused() || tier.queued == 0) {
                continue;
            }
            String reason = pausedReason(tier);
            for (UserQueue user : tier.byStartTag) {
                for (QueuedJob job = user.head; job != null; job = job.next) {
                    projections.put(job.job.id(), Projection.unschedulable(job.job.id(), reason));
                }
            }
        }
    }

    // ---- internals ----------------------------------------------------------------------------

    private void workersChanged() {
        heldJobs.refresh();
        changedSinceProjection = true;
    }

    private void jobLeftUser(UserQueue user) {
        user.runningCount--;
        forgetIfIdle(user);
    }

    private void forgetIfIdle(UserQueue user) {
        if (user.isEmpty() && user.heldCount == 0 && user.runningCount <= 0) {
            user.tier.users.remove(user.user, user);
        }
    }

    private UserQueue userOf(QueuedJob queued) {
        return tiersByName.get(queued.job.tier()).users.get(queued.job.user());
    }

    /** Returns the one shared instance of an equal key, so that queued jobs do not each hold a copy. */
    private BatchKey intern(BatchKey key) {
        KeyReference reference = internedKeys.computeIfAbsent(key, KeyReference::new);
        reference.jobs++;
        return reference.key;
    }

    private void releaseKey(BatchKey key) {
        KeyReference reference = internedKeys.get(key);
        if (reference != null && --reference.jobs == 0) {
            internedKeys.remove(key);
        }
    }

    /** An interned batch key and how many known jobs use it. */
    private static final class KeyReference {

        final BatchKey key;
        int jobs;

        KeyReference(BatchKey key) {
            this.key = key;
        }
    }

    private void rebuildWorkerList() {
        state.workers.clear();
        state.workers.addAll(workersById.values());
    }

    private TierState requireTier(String name) {
        TierState tier = tiersByName.get(name);
        if (tier == null) {
            throw new IllegalArgumentException("unknown tier " + name + "; configured tiers: " + tiersByName.keySet());
        }
        return tier;
    }

    private WorkerView requireWorker(String workerId) {
        WorkerView worker = workersById.get(workerId);
        if (worker == null) {
            throw new IllegalArgumentException("unknown worker " + workerId + "; it must join first");
        }
        return worker;
    }
}
