package dev.easel.sim.policy;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.Projection;
import dev.easel.core.schedule.QueueFullException;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Common machinery of the baseline policies: one job per batch, no model affinity, and a queue
 * discipline that subclasses choose.
 *
 * <p>The baselines stand for the queues people run today, which start one request at a time on
 * whichever worker is free, whatever model it holds. They keep tier limits (maximum queued,
 * paused, pools) so that every policy sees the same configuration, and their projection runs
 * their own discipline forward over a copy of the queue with the {@link RunTimeEstimator}'s
 * expected run times.
 *
 * <p>Not thread-safe, as the {@link Scheduler} contract allows.
 */
abstract class QueueScheduler implements Scheduler {

    private record RunningBatch(String workerId, Job job, long startMillis, long expectedMillis) {
    }

    private static final class WorkerState {
        private WorkerSpec spec;
        private int busySlots;
        private boolean draining;
        private Set<String> loadedModels = Set.of();

        private WorkerState(WorkerSpec spec) {
            this.spec = spec;
        }
    }

    private final LongSupplier clock;
    private final Map<String, TierConfig> tiers = new LinkedHashMap<>();
    private final Map<String, WorkerState> workers = new LinkedHashMap<>();
    private final Map<String, Job> queued = new HashMap<>();
    private final Map<String, Integer> queuedByTier = new HashMap<>();
    private final Map<String, Integer> queuedByUserInTier = new HashMap<>();
    private final Map<String, RunningBatch> running = new HashMap<>();
    private final RunTimeEstimator estimator = new RunTimeEstimator();
    private Map<String, Projection> projections = null;
    private long batchCounter;

    QueueScheduler(LongSupplier clock, List<TierConfig> tiers) {
        this.clock = clock;
        updateTiers(tiers);
    }

    /** Returns the queue discipline holding every queued job. */
    abstract QueueDiscipline queue();

    /** Called after the set of workers changed, for policies that divide workers. */
    void workersChanged(List<WorkerSpec> joined) {
    }

    // ---- Jobs ------------------------------------------------------------------------------

    @Override
    public void submit(Job job) {
        TierConfig tier = tiers.get(job.tier());
        if (tier == null) {
            throw new IllegalArgumentException("job " + job.id() + ": unknown tier '" + job.tier() + "', known tiers are " + tiers.keySet());
        }
        if (queued.containsKey(job.id())) {
            throw new IllegalArgumentException("job " + job.id() + " is already queued");
        }
        if (tier.paused()) {
            throw new IllegalStateException("tier " + tier.name() + " is paused and accepts no new jobs");
        }
        if (queuedByTier.getOrDefault(tier.name(), 0) >= tier.maxQueued()) {
            throw new QueueFullException(tier.name(), tier.maxQueued());
        }
        String userKey = job.tier() + '\u0000' + job.user();
        if (tier.maxQueuedPerUser() > 0 && queuedByUserInTier.getOrDefault(userKey, 0) >= tier.maxQueuedPerUser()) {
            throw new QueueFullException(tier.name(), job.user(), tier.maxQueuedPerUser());
        }
        queued.put(job.id(), job);
        queuedByTier.merge(job.tier(), 1, Integer::sum);
        queuedByUserInTier.merge(userKey, 1, Integer::sum);
        queue().add(job);
        projections = null;
    }

    @Override
    public boolean cancel(String jobId) {
        Job job = queued.remove(jobId);
        if (job == null) {
            return false;
        }
        countOut(job);
        queue().remove(job);
        projections = null;
        return true;
    }

    private void countOut(Job job) {
        queuedByTier.merge(job.tier(), -1, Integer::sum);
        queuedByUserInTier.computeIfPresent(job.tier() + '\u0000' + job.user(), (key, count) -> count == 1 ? null : count - 1);
    }

    // ---- Workers ---------------------------------------------------------------------------

    @Override
    public void workerJoined(WorkerSpec worker) {
        WorkerState state = workers.get(worker.id());
        if (state == null) {
            workers.put(worker.id(), new WorkerState(worker));
        } else {
            state.spec = worker;
        }
        workersChanged(joinedSpecs());
        projections = null;
    }

    @Override
    public void workerLeft(String workerId) {
        workers.remove(workerId);
        running.values().removeIf(batch -> batch.workerId().equals(workerId));
        workersChanged(joinedSpecs());
        projections = null;
    }

    @Override
    public void workerDraining(String workerId) {
        WorkerState state = workers.get(workerId);
        if (state != null) {
            state.draining = true;
            projections = null;
        }
    }

    @Override
    public void modelsLoaded(String workerId, Set<String> models) {
        WorkerState state = workers.get(workerId);
        if (state != null) {
            state.loadedModels = Set.copyOf(models);
        }
    }

    private List<WorkerSpec> joinedSpecs() {
        return workers.values().stream().map(state -> state.spec).toList();
    }

    // ---- Batches ---------------------------------------------------------------------------

    @Override
    public void batchProgress(String batchId, int step, int totalSteps) {
        // The baselines project with whole-job estimates and ignore progress.
    }

    @Override
    public void batchFinished(String batchId, long observedRunMillis, boolean succeeded) {
        RunningBatch batch = running.remove(batchId);
        if (batch == null) {
            return;
        }
        WorkerState worker = workers.get(batch.workerId());
        if (worker != null) {
            worker.busySlots--;
        }
        if (succeeded) {
            estimator.observe(batch.job(), observedRunMillis);
        }
        projections = null;
    }

    // ---- Tiers -----------------------------------------------------------------------------

    @Override
    public void updateTiers(List<TierConfig> newTiers) {
        tiers.clear();
        for (TierConfig tier : newTiers) {
            tiers.put(tier.name(), tier);
        }
        projections = null;
    }

    @Override
    public List<TierConfig> tiers() {
        return List.copyOf(tiers.values());
    }

    @Override
    public Map<String, Integer> queuedByTier() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String tier : tiers.keySet()) {
            counts.put(tier, queuedByTier.getOrDefault(tier, 0));
        }
        return counts;
    }

    // ---- Decisions -------------------------------------------------------------------------

    @Override
    public List<Assignment> decide() {
        List<Assignment> assignments = new ArrayList<>();
        for (WorkerState worker : workers.values()) {
            while (!worker.draining && worker.busySlots < worker.spec.slots()) {
                Job job = queue().next(worker.spec, runnableOn(worker.spec));
                if (job == null) {
                    break;
                }
                assignments.add(start(worker, job));
            }
        }
        if (!assignments.isEmpty()) {
            projections = null;
        }
        return assignments;
    }

    private Assignment start(WorkerState worker, Job job) {
        queued.remove(job.id());
        countOut(job);
        worker.busySlots++;
        String batchId = "b" + (++batchCounter);
        running.put(batchId, new RunningBatch(worker.spec.id(), job, clock.getAsLong(), estimator.estimateMillis(job)));
        boolean modelSwitch = !worker.loadedModels.contains(job.batchKey().model());
        return new Assignment(batchId, worker.spec.id(), job.batchKey(), List.of(job), modelSwitch);
    }

    /** Returns whether a job may run on a worker: model and size fit, the tier may use the pool and is not paused. */
    final Predicate<Job> runnableOn(WorkerSpec worker) {
        return job -> {
            TierConfig tier = tiers.get(job.tier());
            boolean poolAllowed = tier == null || tier.pools().isEmpty() || tier.pools().contains(worker.pool());
            return poolAllowed && (tier == null || !tier.paused()) && worker.canRun(job.batchKey());
        };
    }

    // ---- Projection ------------------------------------------------------------------------

    @Override
    public Optional<Projection> projection(String jobId) {
        if (!queued.containsKey(jobId)) {
            return Optional.empty();
        }
        if (projections == null) {
            projections = projectAll();
        }
        return Optional.ofNullable(projections.get(jobId));
    }

    @Override
    public double estimateCostSeconds(Job job) {
        return estimator.estimateMillis(job) / 1000.0;
    }

    /**
     * Runs the discipline forward over a copy of the queue: the earliest free slot takes the job
     * the discipline gives its worker, and frees again after the job's expected run time.
     */
    private Map<String, Projection> projectAll() {
        long now = clock.getAsLong();
        List<WorkerSpec> specs = new ArrayList<>();
        PriorityQueue<long[]> slots = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        Map<String, Integer> indexOf = new HashMap<>();
        for (WorkerState worker : workers.values()) {
            if (worker.draining) {
                continue;
            }
            indexOf.put(worker.spec.id(), specs.size());
            specs.add(worker.spec);
            for (int i = worker.busySlots; i < worker.spec.slots(); i++) {
                slots.add(new long[] {now, specs.size() - 1});
            }
        }
        for (RunningBatch batch : running.values()) {
            Integer index = indexOf.get(batch.workerId());
            if (index != null) {
                slots.add(new long[] {Math.max(now, batch.startMillis() + batch.expectedMillis()), index});
            }
        }

        QueueDiscipline copy = queue().copy();
        Map<String, Projection> result = new HashMap<>();
        int position = 0;
        while (!slots.isEmpty() && result.size() < queued.size()) {
            long[] slot = slots.poll();
            WorkerSpec worker = specs.get((int) slot[1]);
            Job job = copy.next(worker, runnableOn(worker));
            if (job == null) {
                continue;
            }
            long expected = estimator.estimateMillis(job);
            result.put(job.id(), new Projection(job.id(), position++, slot[0], slot[0] + expected, null));
            slots.add(new long[] {slot[0] + expected, slot[1]});
        }
        for (Job job : queued.values()) {
            if (!result.containsKey(job.id())) {
                result.put(job.id(), new Projection(job.id(), -1, -1, -1, unschedulableReason(job)));
            }
        }
        return result;
    }

    private String unschedulableReason(Job job) {
        Set<String> pools = new HashSet<>();
        for (WorkerState worker : workers.values()) {
            if (worker.spec.canRun(job.batchKey())) {
                pools.add(worker.spec.pool());
            }
        }
        if (pools.isEmpty()) {
            return "no registered worker can run model " + job.batchKey().model() + " at "
                    + job.batchKey().width() + "x" + job.batchKey().height();
        }
        return "tier " + job.tier() + " may not use the pools " + pools + " of the workers that can run model "
                + job.batchKey().model() + ", or those workers are draining";
    }
}
