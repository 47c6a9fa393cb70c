package dev.easel.sim.engine;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.BatchKey;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.QueueFullException;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import dev.easel.sim.workload.SimJob;
import dev.easel.sim.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation that drives any {@link Scheduler} through its interface in virtual
 * time, on simulated workers.
 *
 * <p>Implementation notes. Virtual time jumps from event to event. At each distinct time the
 * engine first ends the batches that finish then (calling {@code batchFinished}), then reports
 * finished model loads, then fires a pending tick, then submits the jobs that arrive then, in workload order, and finally calls
 * {@code decide} once and starts every returned batch. A batch that needs a model load reports
 * {@code modelLoadObserved} and {@code batchStarted} when the load ends; one that needs none
 * reports {@code batchStarted} at once. Before the projection of a sampled job, every running batch
 * reports {@code batchProgress} with the last denoising step it has finished, assuming steps of equal
 * length, as a worker's per-step reports would leave it. Ending batches before submitting frees
 * their slots before the decision, as a real server would when both happen in the same
 * millisecond. A started batch holds one worker slot for its model load (when the worker does not
 * have the model loaded) plus its run time from the batch cost curve. When a decision leaves a
 * slot idle while some queued job could run on it, the engine schedules a tick, so policies that
 * hold work back (batch delays, aging) are asked again; the tick's delay grows while nothing else
 * happens. The run ends when every non-flood job has finished, when nothing more can happen, or at
 * a horizon of ten times the workload's solo work per slot after the last arrival, which only a
 * policy that stops assigning work reaches.
 *
 * <p>Between events the engine integrates two quantities: slots idle while runnable work was
 * queued, and time with a non-empty queue. "Runnable" means a queued job whose model and size the
 * worker supports and whose tier may use the worker's pool; a policy's own restrictions (a static
 * partition, a batch delay) do not make work unrunnable.
 *
 * <p>Every assignment is checked: a batch must go to a known worker with a free slot, hold only
 * queued jobs of its batch key, fit the worker's maximum batch and the worker's models. A policy
 * that breaks this makes the run fail with an {@link IllegalStateException} naming the batch.
 */
public final class Simulation {

    private static final int FINISH = 0;
    private static final int LOADED = 1;
    private static final int TICK = 2;

    private record Event(long timeMillis, int kind, long sequence, String batchId) {
    }

    private record RunningBatch(WorkerState worker, List<JobOutcome> jobs, BatchKey key, long startMillis, long loadMillis,
                                long runMillis) {

        String model() {
            return key.model();
        }

        /** Returns the last denoising step the worker has finished at {@code nowMillis}; 0 before the first. */
        int stepAt(long nowMillis) {
            long ran = nowMillis - startMillis - loadMillis;
            return ran <= 0 ? 0 : (int) Math.min(key.steps(), ran * key.steps() / runMillis);
        }
    }

    private record RunnableClass(String tier, String model, long pixels) {
    }

    private final String policyName;
    private final Scheduler scheduler;
    private final VirtualClock clock;
    private final Workload workload;
    private final SimulationConfig config;
    private final SplittableRandom loadRandom;

    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> {
        int byTime = Long.compare(a.timeMillis(), b.timeMillis());
        if (byTime != 0) {
            return byTime;
        }
        int byKind = Integer.compare(a.kind(), b.kind());
        return byKind != 0 ? byKind : Long.compare(a.sequence(), b.sequence());
    });
    private final Map<String, WorkerState> workers = new LinkedHashMap<>();
    private final Map<String, List<String>> poolsByTier = new HashMap<>();
    private final List<JobOutcome> outcomes = new ArrayList<>();
    private final Map<String, JobOutcome> queued = new HashMap<>();
    private final Map<RunnableClass, Integer> queuedClasses = new HashMap<>();
    private final Map<String, RunningBatch> running = new HashMap<>();
    private final List<BatchRecord> batches = new ArrayList<>();

    private long sequence;
    private long now;
    private boolean tickPending;
    private long tickDelay;
    private int nonFloodSubmits;
    private int idleRunnableSlots;
    private int unfinishedMeasured;
    private long idleRunnableSlotMillis;
    private long backlogMillis;
    private long backlogCompletedSoloMillis;
    private long backlogCompletedJobs;
    private long decideCalls;
    private long decideNanos;

    private Simulation(String policyName, Scheduler scheduler, VirtualClock clock, Workload workload, SimulationConfig config) {
        this.policyName = policyName;
        this.scheduler = scheduler;
        this.clock = clock;
        this.workload = workload;
        this.config = config;
        this.loadRandom = new SplittableRandom(config.seed());
        for (TierConfig tier : config.tiers()) {
            poolsByTier.put(tier.name(), tier.pools());
        }
    }

    /**
     * Runs a workload through a scheduler.
     *
     * @param policyName name for the log and error messages
     * @param scheduler  a fresh scheduler built on {@code clock}, with no workers or jobs yet
     * @param clock      the clock the scheduler reads; the simulation advances it
     * @throws IllegalStateException when the scheduler returns an invalid assignment
     */
    public static SimulationLog run(String policyName, Scheduler scheduler, VirtualClock clock, Workload workload,
                                    SimulationConfig config) {
        return new Simulation(policyName, scheduler, clock, workload, config).run();
    }

    private SimulationLog run() {
        long wallStart = System.nanoTime();
        joinWorkers();
        List<SimJob> jobs = workload.jobs();
        unfinishedMeasured = (int) jobs.stream().filter(job -> !job.flood()).count();
        long horizon = horizonMillis();
        tickDelay = config.tickMillis();
        int next = 0;
        while (unfinishedMeasured > 0) {
            long nextArrival = next < jobs.size() ? jobs.get(next).arrivalMillis() : Long.MAX_VALUE;
            long nextEvent = events.isEmpty() ? Long.MAX_VALUE : events.peek().timeMillis();
            long time = Math.min(nextArrival, nextEvent);
            if (time == Long.MAX_VALUE || time > horizon) {
                break;
            }
            advanceTo(time);
            processEventsAt(time);
            while (next < jobs.size() && jobs.get(next).arrivalMillis() == time) {
                submit(jobs.get(next++));
                tickDelay = config.tickMillis();
            }
            if (unfinishedMeasured == 0) {
                break;
            }
            decideAndStart();
            idleRunnableSlots = countIdleRunnableSlots();
            scheduleTick(time);
        }
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        return new SimulationLog(policyName, List.copyOf(outcomes), List.copyOf(batches), now,
                config.workers() * config.slotsPerWorker(), idleRunnableSlotMillis, backlogMillis,
                backlogCompletedSoloMillis, backlogCompletedJobs, decideCalls, decideNanos, wallMillis);
    }

    /**
     * Schedules a tick while a slot idles with runnable work queued. The delay starts at the
     * configured tick and doubles after each tick that found nothing else happening, so a policy
     * that keeps a worker idle on purpose (a static partition) does not cost a decision per
     * virtual second for hours.
     */
    private void scheduleTick(long time) {
        if (idleRunnableSlots == 0 || tickPending) {
            return;
        }
        tickPending = true;
        events.add(new Event(time + tickDelay, TICK, sequence++, null));
    }

    // ---- Workers -------------------------------------------------------------------------

    private void joinWorkers() {
        List<String> models = workload.jobs().stream().map(job -> job.job().batchKey().model()).distinct().sorted().toList();
        Map<String, Integer> maxBatch = new HashMap<>();
        workload.jobs().forEach(job -> maxBatch.put(job.job().batchKey().capability(), config.maxBatch()));
        for (int i = 1; i <= config.workers(); i++) {
            String id = String.format("w%02d", i);
            WorkerSpec spec = new WorkerSpec(id, SimulationConfig.POOL, java.util.Set.copyOf(models), 0, maxBatch,
                    config.slotsPerWorker());
            workers.put(id, new WorkerState(spec, config.modelsPerWorker()));
            scheduler.workerJoined(spec);
        }
    }

    private long horizonMillis() {
        List<SimJob> jobs = workload.jobs();
        long lastArrival = jobs.isEmpty() ? 0 : jobs.get(jobs.size() - 1).arrivalMillis();
        long slots = (long) config.workers() * config.slotsPerWorker();
        return lastArrival + 10 * (workload.totalSoloMillis() / slots) + 3_600_000;
    }

    // ---- Time and events -----------------------------------------------------------------

    private void advanceTo(long time) {
        long elapsed = time - now;
        idleRunnableSlotMillis += elapsed * idleRunnableSlots;
        if (!queued.isEmpty()) {
            backlogMillis += elapsed;
        }
        now = time;
        clock.advanceTo(time);
    }

    private void processEventsAt(long time) {
        boolean onlyTick = true;
        while (!events.isEmpty() && events.peek().timeMillis() == time) {
            Event event = events.poll();
            onlyTick &= event.kind() == TICK;
            if (event.kind() == FINISH) {
                finish(event.batchId());
            } else if (event.kind() == LOADED) {
                RunningBatch batch = running.get(event.batchId());
                scheduler.modelLoadObserved(batch.worker().spec().id(), batch.model(), batch.loadMillis());
                scheduler.batchStarted(event.batchId());
            } else {
                tickPending = false;
            }
        }
        tickDelay = onlyTick ? Math.min(SimulationConfig.MAX_TICK_MILLIS, tickDelay * 2) : config.tickMillis();
    }

    private void finish(String batchId) {
        RunningBatch batch = running.remove(batchId);
        scheduler.batchFinished(batchId, batch.runMillis(), true);
        batch.worker().freeSlots++;
        for (JobOutcome outcome : batch.jobs()) {
            outcome.finishMillis = now;
            if (!outcome.job().flood()) {
                unfinishedMeasured--;
            }
            if (!queued.isEmpty()) {
                backlogCompletedJobs++;
                backlogCompletedSoloMillis += outcome.job().soloRunMillis();
            }
        }
    }

    // ---- Submits -------------------------------------------------------------------------

    private void submit(SimJob simJob) {
        JobOutcome outcome = new JobOutcome(simJob);
        outcomes.add(outcome);
        Job job = simJob.job();
        try {
            scheduler.submit(job);
        } catch (QueueFullException e) {
            outcome.rejected = true;
            if (!simJob.flood()) {
                unfinishedMeasured--;
            }
            return;
        }
        queued.put(job.id(), outcome);
        queuedClasses.merge(classOf(job), 1, Integer::sum);
        if (!simJob.flood() && config.etaSampleEvery() > 0 && nonFloodSubmits++ % config.etaSampleEvery() == 0) {
            reportProgress();
            scheduler.projection(job.id())
                    .filter(projection -> projection.isSchedulable())
                    .ifPresent(projection -> outcome.projectedStartMillis = projection.startAtMillis());
        }
    }

    /**
     * Reports each running batch's last finished step, as a worker's per-step progress reports would
     * have left it. Only done before a sampled projection, because only projections read it.
     */
    private void reportProgress() {
        for (Map.Entry<String, RunningBatch> entry : running.entrySet()) {
            RunningBatch batch = entry.getValue();
            int step = batch.stepAt(now);
            if (step > 0 && step < batch.key().steps()) {
                scheduler.batchProgress(entry.getKey(), step, batch.key().steps());
            }
        }
    }

    private static RunnableClass classOf(Job job) {
        return new RunnableClass(job.tier(), job.batchKey().model(), job.batchKey().pixels());
    }

    // ---- Decisions -----------------------------------------------------------------------

    private void decideAndStart() {
        long start = System.nanoTime();
        List<Assignment> assignments = scheduler.decide();
        decideNanos += System.nanoTime() - start;
        decideCalls++;
        for (Assignment assignment : assignments) {
            startBatch(assignment);
        }
    }

    private void startBatch(Assignment assignment) {
        WorkerState worker = checkWorker(assignment);
        List<JobOutcome> members = takeQueuedJobs(assignment, worker);

        String model = assignment.batchKey().model();
        long loadMillis = 0;
        if (!worker.touch(model)) {
            loadMillis = config.loadTimes().drawMillis(loadRandom);
            scheduler.modelsLoaded(worker.spec().id(), worker.load(model));
        }
        List<Long> solos = members.stream().map(outcome -> outcome.job().soloRunMillis()).toList();
        long runMillis = config.batchCost().batchRunMillis(solos);
        chargeService(members, loadMillis + runMillis);

        worker.freeSlots--;
        running.put(assignment.batchId(), new RunningBatch(worker, members, assignment.batchKey(), now, loadMillis, runMillis));
        events.add(new Event(now + loadMillis + runMillis, FINISH, sequence++, assignment.batchId()));
        if (loadMillis > 0) {
            events.add(new Event(now + loadMillis, LOADED, sequence++, assignment.batchId()));
        } else {
            scheduler.batchStarted(assignment.batchId());
        }
        batches.add(new BatchRecord(worker.spec().id(), members.size(), now, loadMillis, runMillis));
    }

    private WorkerState checkWorker(Assignment assignment) {
        WorkerState worker = workers.get(assignment.workerId());
        if (worker == null) {
            throw invalid(assignment, "names unknown worker " + assignment.workerId());
        }
        if (worker.freeSlots < 1) {
            throw invalid(assignment, "goes to worker " + assignment.workerId() + ", which has no free slot");
        }
        if (running.containsKey(assignment.batchId())) {
            throw invalid(assignment, "reuses the id of a running batch");
        }
        if (assignment.jobs().isEmpty() || assignment.jobs().size() > worker.spec().maxBatchFor(assignment.batchKey())) {
            throw invalid(assignment, "contains " + assignment.jobs().size() + " jobs, expected 1 to "
                    + worker.spec().maxBatchFor(assignment.batchKey()));
        }
        if (!worker.spec().canRun(assignment.batchKey())) {
            throw invalid(assignment, "needs model " + assignment.batchKey().model() + ", which worker "
                    + assignment.workerId() + " cannot run");
        }
        return worker;
    }

    private List<JobOutcome> takeQueuedJobs(Assignment assignment, WorkerState worker) {
        BatchKey key = assignment.batchKey();
        List<JobOutcome> members = new ArrayList<>(assignment.jobs().size());
        for (Job job : assignment.jobs()) {
            if (!job.batchKey().equals(key)) {
                throw invalid(assignment, "mixes batch keys: job " + job.id() + " has " + job.batchKey());
            }
            JobOutcome outcome = queued.remove(job.id());
            if (outcome == null) {
                throw invalid(assignment, "contains job " + job.id() + ", which is not queued");
            }
            queuedClasses.computeIfPresent(classOf(job), (jobClass, count) -> count == 1 ? null : count - 1);
            outcome.startMillis = now;
            outcome.batchSize = assignment.jobs().size();
            members.add(outcome);
        }
        return members;
    }

    private static void chargeService(List<JobOutcome> members, long batchMillis) {
        long totalSolo = members.stream().mapToLong(outcome -> outcome.job().soloRunMillis()).sum();
        for (JobOutcome outcome : members) {
            outcome.serviceMillis = Math.round((double) batchMillis * outcome.job().soloRunMillis() / totalSolo);
        }
    }

    private IllegalStateException invalid(Assignment assignment, String problem) {
        return new IllegalStateException("policy " + policyName + " at " + now + " ms: batch " + assignment.batchId() + " " + problem);
    }

    // ---- Idle accounting -----------------------------------------------------------------

    private int countIdleRunnableSlots() {
        if (queued.isEmpty()) {
            return 0;
        }
        int slots = 0;
        for (WorkerState worker : workers.values()) {
            if (worker.freeSlots > 0 && canRunSomethingQueued(worker.spec())) {
                slots += worker.freeSlots;
            }
        }
        return slots;
    }

    private boolean canRunSomethingQueued(WorkerSpec spec) {
        for (RunnableClass queuedClass : queuedClasses.keySet()) {
            List<String> pools = poolsByTier.get(queuedClass.tier());
            boolean poolAllowed = pools == null || pools.isEmpty() || pools.contains(spec.pool());
            boolean fits = spec.models().contains(queuedClass.model())
                    && (spec.maxPixels() == 0 || queuedClass.pixels() <= spec.maxPixels());
            if (poolAllowed && fits) {
                return true;
            }
        }
        return false;
    }
}
