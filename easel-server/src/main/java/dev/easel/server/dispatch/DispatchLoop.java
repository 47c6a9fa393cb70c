package dev.easel.server.dispatch;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.Projection;
import dev.easel.core.schedule.QueueFullException;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import dev.easel.server.events.TaskEvents;
import dev.easel.server.metrics.EaselMetrics;
import dev.easel.server.store.TaskDeadlines;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.task.JobLifecycle;
import dev.easel.server.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Drives the {@link Scheduler} in real time. One thread owns the scheduler and every map below;
 * other threads talk to it only by queuing commands, most of which complete a future.
 *
 * <p>Implementation notes. Each turn of the loop runs in phases:
 * <ol>
 *   <li>run the queued commands (enqueue, cancel, first cost estimates, progress, batch finished,
 *       retry);</li>
 *   <li>fire due timers (retries after backoff, cancel grace periods, position refreshes);</li>
 *   <li>ask the scheduler to decide, and start each assignment: the store marks its jobs
 *       running (asynchronously, never blocking this thread), then a worker thread runs it;</li>
 *   <li>answer the submits of this turn with their queue position and ETA.</li>
 * </ol>
 * A projection runs the policy over the whole queue, so the loop runs at most one per turn for all
 * waiting submits, and waits at least twice the last projection's run time before the next. Under
 * a deep queue, submits are served in groups and the loop keeps two thirds of its time for
 * decisions; once a projection takes longer than a submit waits, submits get one per second.
 * A submit is admitted in two steps so that the tier's queue limit holds before the task is
 * stored: {@link #admit} reserves a place (on the caller's thread, in {@link QueueCounts}), the
 * caller stores the task, then {@link #enqueue} turns the reservation into a queued job (or
 * {@link #release} gives it back).
 *
 * <p>A cancel of a running batch sets its cancellation flag; if the batch is still running when
 * the grace period ends, the loop abandons it: the scheduler frees the slot, the canceled jobs
 * end canceled, the other jobs of the batch retry, and whatever the stuck call returns later is
 * discarded.
 */
public final class DispatchLoop implements BatchReports {

    /** Outcome of a cancel in the loop. */
    public enum CancelOutcome {
        /** The job was waiting (queued or in backoff) and left the queue. */
        REMOVED,
        /** The job is running; it stops at the next step boundary. */
        RUNNING,
        /**
         * The loop does not hold the job: it finished, or it is between a store write and entering
         * the queue (a new task before its enqueue, a retry or next step before it is posted). The
         * loop keeps the cancel for {@link #EARLY_CANCEL_MILLIS}, and a job of the task that enters
         * the queue in that time ends canceled instead.
         */
        NOT_HELD
    }

    /**
     * The queue position of a job right after it entered the queue.
     *
     * @param projection the scheduler's projection, or empty when the job was dispatched at once or
     *                   when no projection was run in time
     * @param dispatched whether the job already left the queue for a worker
     */
    public record Placement(Optional<Projection> projection, boolean dispatched) {

        /** Returns whether the job waits in the queue but its position is not known yet. */
        public boolean isPending() {
            return projection.isEmpty() && !dispatched;
        }
    }

    /** What the cost estimate of a job depends on. */
    private record CostKey(dev.easel.core.schedule.BatchKey batchKey, int images) {
        static CostKey of(Job job) {
            return new CostKey(job.batchKey(), job.images());
        }
    }

    /** A cancel that reached the loop before the task's job did. */
    private record EarlyCancel(String reason, long expiresAtMillis) {
    }

    private record Timer(long dueAtMillis, long sequence, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(dueAtMillis, other.dueAtMillis);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    private static final long IDLE_DECIDE_MILLIS = 200;
    private static final long POSITION_REFRESH_MILLIS = 1_000;
    private static final long EVICT_MILLIS = 60_000;
    private static final long MIN_PROJECTION_INTERVAL_NANOS = 5_000_000;
    private static final int MAX_SINGLE_PROJECTIONS = 8;
    /**
     * How long a cancel of a task the loop does not hold waits for the task's job. The windows it
     * covers last from one store write to the next command, well under a second unless the
     * process stalls.
     */
    static final long EARLY_CANCEL_MILLIS = 60_000;
    /** How long {@link #stop} waits for the start writes of batches not yet handed to a worker. */
    private static final long STOP_START_WRITES_MILLIS = 10_000;

    private final Scheduler scheduler;
    private final WorkerPool workers;
    private final JobLifecycle lifecycle;
    private final TaskEvents events;
    private final EaselMetrics metrics;
    private final Duration cancelGrace;
    private final Duration placementBudget;
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    // Replaced by start() after a stop(), because the test framework stops and restarts cached contexts.
    private volatile ExecutorService settler = newSettler();

    // Owned by the loop thread.
    private final Map<String, JobTicket> queued = new HashMap<>();
    private final Map<String, Long> queuedSince = new HashMap<>();
    private final Map<String, RunningBatch> batches = new HashMap<>();
    private final Map<String, String> batchOfTask = new HashMap<>();
    private final Map<String, JobTicket> retrying = new HashMap<>();
    private final Map<String, String> queuedJobOfTask = new HashMap<>();
    private final Map<String, WatchedDeadlines> deadlines = new HashMap<>();
    private final Map<String, EarlyCancel> earlyCancels = new HashMap<>();
    // Start writes of the batches that startBatch planned and launch has not handed to a worker yet.
    private final Map<String, List<CompletableFuture<Boolean>>> unlaunched = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<Map.Entry<String, CompletableFuture<Placement>>> awaitingPlacement = new ArrayList<>();
    private long timerSequence;
    private boolean dirty = true;
    private long lastDecideMillis;
    // nanoTime has an arbitrary origin, so "long ago" is set relative to it.
    private long lastProjectionNanos = System.nanoTime() - 60_000_000_000L;
    private long lastProjectionCostNanos;

    // Shared with request threads.
    private final QueueCounts counts = new QueueCounts();
    // The loop thread writes these; submits and the admin API read them.
    private final Map<String, TierConfig> tiers = new ConcurrentHashMap<>();
    private volatile Map<String, TierWait> tierWaits = Map.of();
    private final List<String> tierNames;
    private final Map<CostKey, Job> costSamples = new ConcurrentHashMap<>();
    private final Map<CostKey, Double> costs = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile long lastTurnMillis = System.currentTimeMillis();
    private Thread thread;

    /**
     * @param cancelGrace     how long a canceled batch may run on before its worker slot is freed
     * @param placementBudget how long a submit waits for its position (see {@code easel.api.placement-wait})
     */
    public DispatchLoop(Scheduler scheduler, WorkerPool workers, JobLifecycle lifecycle, TaskEvents events, EaselMetrics metrics,
                        Duration cancelGrace, Duration placementBudget) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.lifecycle = lifecycle;
        this.events = events;
        this.metrics = metrics;
        this.cancelGrace = cancelGrace;
        this.placementBudget = placementBudget;
        for (TierConfig tier : scheduler.tiers()) {
            tiers.put(tier.name(), tier);
        }
        // Fixed at construction: updateTier replaces a tier's settings but never adds or removes one.
        this.tierNames = scheduler.tiers().stream().map(TierConfig::name).toList();
    }

    // ---------------------------------------------------------------- start and stop

    /**
     * Registers the workers, takes over the recovered jobs, and starts the loop thread.
     *
     * @param resumed   jobs interrupted by a crash, to run again before the queued ones
     * @param queuedNow jobs to queue at once (queued in the store)
     * @param retryAt   jobs to queue later (retrying), with the time each is due
     */
    public synchronized void start(List<JobTicket> resumed, List<JobTicket> queuedNow, Map<JobTicket, Long> retryAt) {
        if (settler.isShutdown()) {
            settler = newSettler();
        }
        for (WorkerSpec worker : workers.workers()) {
            scheduler.workerJoined(worker);
            scheduler.modelsLoaded(worker.id(), worker.models());
        }
        // Jobs interrupted by the crash had a worker already: they take the free slots first, so
        // the queued jobs keep the order and positions they had before the crash.
        long startedAt = System.currentTimeMillis();
        for (JobTicket ticket : resumed) {
            if (submitToScheduler(ticket, startedAt)) {
                counts.add(ticket.job());
            }
        }
        for (Assignment assignment : scheduler.decide()) {
            startBatch(assignment, startedAt);
        }

        for (JobTicket ticket : queuedNow) {
            try {
                if (submitToScheduler(ticket, System.currentTimeMillis())) {
                    counts.add(ticket.job());
                }
            } catch (QueueFullException e) {
                scheduleRetry(ticket, System.currentTimeMillis() + 1_000);
            }
        }
        retryAt.forEach(this::scheduleRetry);

        long now = System.currentTimeMillis();
        addTimer(now + POSITION_REFRESH_MILLIS, this::refreshPositions);
        addTimer(now + POSITION_REFRESH_MILLIS, this::refreshTierWaits);
        addTimer(now + EVICT_MILLIS, this::evictStreams);
        running = true;
        thread = new Thread(this::runLoop, "easel-dispatch");
        thread.setDaemon(true);
        thread.start();
        log.atInfo().addKeyValue("workers", workers.workers().size()).addKeyValue("resumed", resumed.size())
                .addKeyValue("queued", queuedNow.size())
                .addKeyValue("retrying", retryAt.size()).log("dispatch loop started");
    }

    /**
     * Stops the loop thread, then settles the batches it planned but never handed to a worker,
     * which {@link WorkerPool#close} does not see. A job of such a batch whose start write
     * succeeded goes back to the queue with its attempt given back, or ends canceled when its
     * cancel was requested, as a clean shutdown does for running jobs. Blocks up to 5 s for the
     * thread, 10 s for those start writes and 5 s for the store writes the loop handed off.
     */
    public synchronized void stop() {
        running = false;
        boolean joined = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            joined = !thread.isAlive();
        }
        if (joined) {
            // The thread ended, so its maps are safe to read here.
            UnlaunchedBatches.settle(unlaunched, batches, lifecycle, STOP_START_WRITES_MILLIS);
        } else {
            log.atError().addKeyValue("unlaunched_batches", unlaunched.size())
                    .log("dispatch loop thread did not stop within 5 s; batches it did not hand to a worker count a crashed attempt at the next start");
        }
        unlaunched.clear();
        settler.shutdown();
        try {
            if (!settler.awaitTermination(5, TimeUnit.SECONDS)) {
                log.atWarn().log("store writes of the dispatch loop still running after 5 s; the next start settles those tasks from the store");
                settler.shutdownNow();
            }
        } catch (InterruptedException e) {
            settler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Returns whether the loop thread runs and turned recently. */
    public boolean isHealthy() {
        return running && thread != null && thread.isAlive() && System.currentTimeMillis() - lastTurnMillis < 10_000;
    }

    /** Returns the number of queued (or being submitted) jobs per tier. */
    public Map<String, Integer> queuedByTier() {
        Map<String, Integer> result = new HashMap<>();
        for (String tier : tiers.keySet()) {
            result.put(tier, counts.inTier(tier));
        }
        return result;
    }

    /** Returns the configured tier names. */
    public List<String> tierNames() {
        return tierNames;
    }

    /** Returns a tier's scheduler settings as the loop applies them now, or {@code null} for an unknown tier. */
    public TierConfig tierConfig(String tier) {
        return tiers.get(tier);
    }

    /**
     * Returns the time until the first queued job of the tier (of one user in it, when
     * {@code user} is not null) is projected to start, which frees a place in that queue: from the
     * scheduler's projection. Completes on the loop thread, with empty when no such job is queued
     * or none can run on a registered worker.
     */
    public CompletableFuture<Optional<Duration>> nextStartIn(String tier, String user) {
        return call(() -> {
            List<JobTicket> jobs = queued.values().stream()
                    .filter(t -> t.job().tier().equals(tier) && (user == null || t.job().user().equals(user)))
                    .toList();
            return jobs.isEmpty() ? Optional.empty() : earliestStartIn(jobs, System.currentTimeMillis());
        });
    }

    /**
     * Returns a tier's projected wait, refreshed about once a second from the scheduler's
     * projection; empty when the tier has no projected queued job. Does not wait for the loop.
     */
    public Optional<TierWait> tierWait(String tier) {
        return Optional.ofNullable(tierWaits.get(tier));
    }

    /**
     * Replaces one tier's scheduler settings (weight, queue limits, maximum wait); the next
     * decision uses them. Completes with the settings in force, or exceptionally with
     * {@link IllegalArgumentException} for an unknown tier. Queued jobs stay queued, including
     * jobs beyond a lowered {@code maxQueued}.
     */
    public CompletableFuture<TierConfig> updateTier(TierConfig config) {
        return call(() -> {
            List<TierConfig> updated = new ArrayList<>();
            boolean found = false;
            for (TierConfig current : scheduler.tiers()) {
                found |= current.name().equals(config.name());
                updated.add(current.name().equals(config.name()) ? config : current);
            }
            if (!found) {
                throw new IllegalArgumentException("unknown tier " + config.name());
            }
            scheduler.updateTiers(updated);
            tiers.put(config.name(), config);
            dirty = true;
            log.atInfo().addKeyValue("tier", config.name()).addKeyValue("weight", config.weight())
                    .addKeyValue("max_queued", config.maxQueued()).addKeyValue("max_wait_ms", config.maxWaitMillis())
                    .log("tier settings changed");
            return config;
        });
    }

    // ---------------------------------------------------------------- commands from other threads

    /**
     * Reserves a place in the job's tier and returns the job's estimated cost in
     * accelerator-seconds. The reservation does not wait for the loop; the cost does only the
     * first time a batch key is seen. Throws {@link QueueFullException} when the tier, or the
     * user's share of it, is full, and {@link IllegalArgumentException} for an unknown tier.
     */
    public CompletableFuture<Double> admit(Job job) {
        TierConfig tier = tiers.get(job.tier());
        if (tier == null) {
            throw new IllegalArgumentException("unknown tier " + job.tier());
        }
        counts.reserve(job, tier);
        CostKey key = CostKey.of(job);
        Double cost = costs.get(key);
        if (cost != null) {
            return CompletableFuture.completedFuture(cost);
        }
        return call(() -> {
            double estimate = scheduler.estimateCostSeconds(job);
            costSamples.putIfAbsent(key, job);
            costs.put(key, estimate);
            return estimate;
        });
    }

    /** Gives back a reservation whose task could not be stored. */
    public void release(Job job) {
        counts.remove(job);
    }

    /** Queues a stored job under its reservation; completes with its placement after this turn's decisions. */
    public CompletableFuture<Placement> enqueue(JobTicket ticket) {
        return enqueue(ticket, TaskDeadlines.NONE);
    }

    /**
     * Queues a stored job like {@link #enqueue(JobTicket)} and watches its task's deadlines (see
     * {@link #watchDeadlines}) from the same command, so the job cannot start before the loop
     * has them.
     */
    public CompletableFuture<Placement> enqueue(JobTicket ticket, TaskDeadlines taskDeadlines) {
        CompletableFuture<Placement> placement = new CompletableFuture<>();
        post(() -> {
            watch(ticket.taskId(), taskDeadlines, false);
            try {
                if (submitToScheduler(ticket, System.currentTimeMillis())) {
                    awaitingPlacement.add(Map.entry(ticket.jobId(), placement));
                } else {
                    counts.remove(ticket.job());
                    placement.complete(new Placement(Optional.empty(), false));
                }
            } catch (QueueFullException e) {
                // Retries filled the tier after this submit reserved its place: the stored task
                // waits outside the queue and enters it as soon as there is room.
                log.atWarn().addKeyValue("task_id", ticket.taskId()).addKeyValue("tier", ticket.job().tier())
                        .log("tier full when queuing an admitted task; it waits a second");
                counts.remove(ticket.job());
                scheduleRetry(ticket, System.currentTimeMillis() + 1_000);
                placement.complete(new Placement(Optional.empty(), false));
            }
        });
        return placement;
    }

    /** Takes a job out of the queue, or flags its running batch to stop, as canceled by the user. */
    public CompletableFuture<CancelOutcome> cancel(String taskId, String jobId) {
        return cancel(taskId, jobId, RunningBatch.USER_CANCEL);
    }

    /**
     * Takes a job out of the queue, or flags its running batch to stop with this reason, which
     * starts the reason of the task's {@code CANCELED} transition.
     */
    public CompletableFuture<CancelOutcome> cancel(String taskId, String jobId, String reason) {
        return call(() -> {
            String waitingJob = waitingJobOf(taskId, jobId);
            if (scheduler.cancel(waitingJob)) {
                forgetQueued(waitingJob);
                return CancelOutcome.REMOVED;
            }
            if (retrying.remove(taskId) != null) {
                return CancelOutcome.REMOVED;
            }
            String batchId = batchOfTask.get(taskId);
            if (batchId != null) {
                RunningBatch batch = batches.get(batchId);
                batch.requestCancel(taskId, reason);
                addTimer(System.currentTimeMillis() + cancelGrace.toMillis(), () -> escalate(batchId));
                return CancelOutcome.RUNNING;
            }
            rememberEarlyCancel(taskId, reason);
            return CancelOutcome.NOT_HELD;
        });
    }

    /**
     * Watches a task's deadlines until they pass: at {@code start_by} a task that has not started
     * leaves the queue and ends {@code EXPIRED}; at {@code cancel_after} a waiting task ends
     * {@code CANCELED} at once, and a running one is canceled like a user's cancel, with a reason
     * naming the deadline. A deadline already past acts on the loop's next turn. Call it before
     * {@link #start} for recovered tasks; a new task passes its deadlines to
     * {@link #enqueue(JobTicket, TaskDeadlines)} instead.
     *
     * @param started whether an attempt of the task already started, so {@code start_by} no longer applies
     */
    public void watchDeadlines(String taskId, TaskDeadlines taskDeadlines, boolean started) {
        if (!taskDeadlines.isEmpty()) {
            post(() -> watch(taskId, taskDeadlines, started));
        }
    }

    /**
     * Queues the next step of a multi-step task whose stored row already moved to that step,
     * unless a cancel reached the step that just ended: the task then ends canceled, keeping the
     * outputs of its finished steps, and the next step never starts. Call it from the worker
     * thread of the ending step before its batch reports its end, so that the loop still holds
     * that batch when this command runs.
     */
    public void continueChain(JobTicket next, long dueAtMillis) {
        post(() -> {
            String batchId = batchOfTask.get(next.taskId());
            RunningBatch ended = batchId == null ? null : batches.get(batchId);
            if (ended != null && !ended.isCancelRequested(next.taskId())) {
                scheduleRetry(next, dueAtMillis);
                return;
            }
            // The ending step's batch was flagged by a cancel, or abandoned after a stuck cancel.
            log.atInfo().addKeyValue("task_id", next.taskId()).addKeyValue("job_id", next.jobId())
                    .log("cancel reached the end of a step; the next step is not queued");
            // The reason starts with the cancel's own, which names the deadline when cancel_after passed.
            String cause = ended == null ? "canceled" : ended.cancelReason(next.taskId());
            settler.execute(() -> lifecycle.cancelWaiting(next,
                    cause + "; stopped before its next step started; the outputs of the finished steps are kept"));
        });
    }

    /** Returns the projection of a queued job. */
    public CompletableFuture<Optional<Projection>> projection(String jobId) {
        return call(() -> queued.containsKey(jobId) ? scheduler.projection(jobId) : Optional.empty());
    }

    @Override
    public void progress(String batchId, int step, int total) {
        post(() -> {
            if (batches.containsKey(batchId)) {
                scheduler.batchProgress(batchId, step, total);
            }
        });
    }

    @Override
    public void finished(String batchId, long runMillis, boolean succeeded) {
        post(() -> {
            RunningBatch batch = batches.remove(batchId);
            if (batch == null) {
                return;
            }
            batch.tickets().forEach(t -> batchOfTask.remove(t.taskId()));
            scheduler.batchFinished(batchId, runMillis, succeeded);
            if (succeeded) {
                costSamples.forEach((key, sample) -> costs.put(key, scheduler.estimateCostSeconds(sample)));
            }
            dirty = true;
        });
    }

    /**
     * Schedules a retry whose store write is done. The worker posts it before its batch reports
     * its end, so a cancel flagged on the batch after the worker settled the job still applies:
     * the task then ends canceled instead of retrying.
     */
    @Override
    public void retryLater(JobTicket ticket, OptionalLong dueAtMillis) {
        if (dueAtMillis.isEmpty()) {
            return;
        }
        post(() -> {
            String batchId = batchOfTask.get(ticket.taskId());
            RunningBatch ended = batchId == null ? null : batches.get(batchId);
            if (ended != null && ended.isCancelRequested(ticket.taskId())) {
                endCanceled(ticket, ended.cancelReason(ticket.taskId()));
                return;
            }
            scheduleRetry(ticket, dueAtMillis.getAsLong());
        });
    }

    // ---------------------------------------------------------------- the loop

    private void runLoop() {
        while (running) {
            try {
                turn();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                log.atError().setCause(e).log("dispatch loop turn failed; continuing");
            } catch (Error e) {
                log.atError().setCause(e).log("dispatch loop stopped by a fatal error; the server no longer dispatches");
                throw e;
            }
        }
        if (running) {
            log.atError().log("dispatch loop thread ended while the server runs");
        }
    }

    private void turn() throws InterruptedException {
        // 1. Commands.
        long now = System.currentTimeMillis();
        long wait = Math.max(1, Math.min(Math.min(IDLE_DECIDE_MILLIS, placementDelayMillis()), nextTimerDelay(now)));
        Runnable first = inbox.poll(wait, TimeUnit.MILLISECONDS);
        if (first != null) {
            runCommand(first);
            Runnable next;
            int drained = 0;
            while (drained++ < 10_000 && (next = inbox.poll()) != null) {
                runCommand(next);
            }
        }

        // 2. Timers.
        now = System.currentTimeMillis();
        while (!timers.isEmpty() && timers.peek().dueAtMillis() <= now) {
            runCommand(timers.poll().action());
        }

        // 3. Decisions.
        if (dirty || now - lastDecideMillis >= IDLE_DECIDE_MILLIS) {
            dirty = false;
            lastDecideMillis = now;
            for (Assignment assignment : scheduler.decide()) {
                startBatch(assignment, now);
            }
        }

        // 4. Placements of this turn's submits.
        answerPlacements();
        lastTurnMillis = now;
    }

    private void runCommand(Runnable command) {
        try {
            command.run();
        } catch (RuntimeException e) {
            log.atError().setCause(e).log("dispatch command failed");
        }
    }

    private void startBatch(Assignment assignment, long now) {
        List<JobTicket> tickets = new ArrayList<>();
        List<Long> waitStarts = new ArrayList<>();
        for (Job job : assignment.jobs()) {
            JobTicket ticket = queued.get(job.id());
            if (ticket == null) {
                log.atError().addKeyValue("job_id", job.id()).log("scheduler assigned a job the loop does not hold");
                continue;
            }
            waitStarts.add(queuedSince.getOrDefault(job.id(), now));
            forgetQueued(job.id());
            WatchedDeadlines watched = deadlines.get(ticket.taskId());
            if (watched != null) {
                watched.started = true;
            }
            tickets.add(ticket.withAttempts(ticket.attempts() + 1));
        }
        RunningBatch batch = new RunningBatch(assignment, tickets, now);
        batches.put(assignment.batchId(), batch);
        tickets.forEach(t -> batchOfTask.put(t.taskId(), assignment.batchId()));

        List<CompletableFuture<Boolean>> starts = new ArrayList<>();
        for (int i = 0; i < tickets.size(); i++) {
            JobTicket ticket = tickets.get(i);
            starts.add(lifecycle.start(ticket, assignment.workerId(), ticket.attempts(), now, waitStarts.get(i)));
        }
        unlaunched.put(assignment.batchId(), starts);
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                .whenComplete((ignored, failure) -> post(() -> launch(assignment.batchId(), starts, failure)));
    }

    private void launch(String batchId, List<CompletableFuture<Boolean>> starts, Throwable failure) {
        unlaunched.remove(batchId);
        RunningBatch planned = batches.get(batchId);
        if (planned == null) {
            return;
        }
        List<JobTicket> started = new ArrayList<>();
        List<JobTicket> unmarked = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            JobTicket ticket = planned.tickets().get(i);
            CompletableFuture<Boolean> start = starts.get(i);
            if (start.isCompletedExceptionally() && planned.isCancelRequested(ticket.taskId())) {
                batchOfTask.remove(ticket.taskId());
                cancelUnstarted(ticket.withAttempts(ticket.attempts() - 1), planned.cancelReason(ticket.taskId()));
            } else if (start.isCompletedExceptionally()) {
                batchOfTask.remove(ticket.taskId());
                unmarked.add(ticket);
            } else if (start.join()) {
                started.add(ticket);
            } else {
                batchOfTask.remove(ticket.taskId());
            }
        }
        if (!unmarked.isEmpty()) {
            // The failed write rolled back, so these tasks are still queued in the store and this
            // attempt never started: they enter the queue again with their attempt given back.
            // NOTE: startBatch marked them started for their deadlines, so start_by no longer
            // expires them while they wait again. cancel_after still applies.
            log.atWarn().addKeyValue("batch_id", batchId).addKeyValue("jobs", unmarked.size()).setCause(failure)
                    .log("could not mark jobs running; they enter the queue again in a second");
            long due = System.currentTimeMillis() + 1_000;
            unmarked.forEach(ticket -> scheduleRetry(ticket.withAttempts(ticket.attempts() - 1), due));
        }
        if (started.isEmpty()) {
            batches.remove(batchId);
            scheduler.batchFinished(batchId, 0, false);
            dirty = true;
            return;
        }
        RunningBatch batch = planned.withTickets(started);
        batches.put(batchId, batch);
        scheduler.batchStarted(batchId);
        metrics.batchStarted(started.get(0).model(), started.size());
        workers.execute(batch, this);
    }

    /**
     * Ends a task that was canceled while its start write was in flight, after that write failed.
     * The task is still waiting in the store. The cancel found it in a batch, so the caller only
     * recorded a cancel request, and such a request stops running tasks alone.
     */
    private void cancelUnstarted(JobTicket ticket, String reason) {
        log.atInfo().addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", ticket.jobId())
                .log("start of a canceled task could not be written; it ends canceled without running");
        settler.execute(() -> lifecycle.cancelWaiting(ticket, reason));
    }

    private void escalate(String batchId) {
        RunningBatch batch = batches.get(batchId);
        if (batch == null || !batch.abandon()) {
            return;
        }
        long elapsed = System.currentTimeMillis() - batch.startedAtMillis();
        log.atWarn().addKeyValue("batch_id", batchId).addKeyValue("worker", batch.workerId())
                .addKeyValue("grace_ms", cancelGrace.toMillis())
                .log("batch did not stop within the cancel grace period; abandoning it and freeing its worker slot");
        batches.remove(batchId);
        batch.tickets().forEach(t -> batchOfTask.remove(t.taskId()));
        workers.interrupt(batchId);
        // NOTE: the slot is free while the abandoned call may still run, so until that call returns
        // the worker runs two back-end calls at once. This is on purpose: a back end that ignores
        // cancellation must not hold up the queue. Its return frees nothing a second time.
        scheduler.batchFinished(batchId, elapsed, false);
        dirty = true;

        String stuck = "; the worker did not stop within " + cancelGrace.toSeconds() + " s and its slot was given to other work";
        settler.execute(() -> {
            for (JobTicket ticket : batch.tickets()) {
                if (batch.isCancelRequested(ticket.taskId())) {
                    lifecycle.cancelRunning(ticket, batch.cancelReason(ticket.taskId()) + stuck, batch.startedAtMillis(),
                            batch.workerId());
                } else {
                    OptionalLong due = lifecycle.fail(ticket, "its batch was abandoned after a stuck cancel", true,
                            batch.startedAtMillis(), batch.workerId());
                    retryLater(ticket, due);
                }
            }
        });
    }

    private void answerPlacements() {
        if (awaitingPlacement.isEmpty()) {
            return;
        }
        List<Map.Entry<String, CompletableFuture<Placement>>> waiting = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Placement>> entry : awaitingPlacement) {
            if (queued.containsKey(entry.getKey())) {
                waiting.add(entry);
            } else {
                entry.getValue().complete(new Placement(Optional.empty(), true));
            }
        }
        awaitingPlacement.clear();
        if (waiting.isEmpty()) {
            return;
        }
        // One projection runs the policy over the whole queue, so its cost grows with the queue.
        // Submits that arrive while the last one is too recent wait for the next, which serves them all.
        long now = System.nanoTime();
        if (now - lastProjectionNanos < projectionIntervalNanos()) {
            if (lastProjectionCostNanos > placementBudget.toNanos()) {
                // The next projection would come too late for these submits: they respond now,
                // without a position, instead of waiting out their budget.
                waiting.forEach(entry -> entry.getValue().complete(new Placement(Optional.empty(), false)));
            } else {
                awaitingPlacement.addAll(waiting);
            }
            return;
        }

        Map<String, Projection> bulk = bulkProjections();
        for (Map.Entry<String, CompletableFuture<Placement>> entry : waiting) {
            Projection projection = bulk.get(entry.getKey());
            Optional<Projection> found = projection != null ? Optional.of(projection) : scheduler.projection(entry.getKey());
            entry.getValue().complete(new Placement(found, false));
        }
        lastProjectionNanos = System.nanoTime();
        lastProjectionCostNanos = lastProjectionNanos - now;
    }

    private long placementDelayMillis() {
        if (awaitingPlacement.isEmpty()) {
            return IDLE_DECIDE_MILLIS;
        }
        long due = lastProjectionNanos + projectionIntervalNanos();
        return Math.max(1, (due - System.nanoTime()) / 1_000_000);
    }

    /**
     * Returns the shortest time between two projections for submits: twice the last one's cost,
     * or one second once a projection takes longer than a submit waits for it. In that case the
     * submits in between respond at once without a position, and the loop spends its time deciding.
     */
    private long projectionIntervalNanos() {
        if (lastProjectionCostNanos > placementBudget.toNanos()) {
            return POSITION_REFRESH_MILLIS * 1_000_000;
        }
        return Math.max(MIN_PROJECTION_INTERVAL_NANOS, 2 * lastProjectionCostNanos);
    }

    private Map<String, Projection> bulkProjections() {
        try {
            return scheduler.projections();
        } catch (UnsupportedOperationException e) {
            return Map.of();
        }
    }

    /**
     * Returns the earliest projected start among these queued jobs. The bulk projection may be
     * up to a second old and miss the newest jobs, so when it contains none of them, the first
     * {@link #MAX_SINGLE_PROJECTIONS} are projected one by one.
     */
    private Optional<Duration> earliestStartIn(List<JobTicket> jobs, long now) {
        Map<String, Projection> projections = bulkProjections();
        long earliest = Long.MAX_VALUE;
        List<JobTicket> missing = new ArrayList<>();
        for (JobTicket ticket : jobs) {
            Projection projection = projections.get(ticket.jobId());
            if (projection == null) {
                missing.add(ticket);
            } else if (projection.isSchedulable()) {
                earliest = Math.min(earliest, projection.startAtMillis());
            }
        }
        if (earliest == Long.MAX_VALUE) {
            for (JobTicket ticket : missing.subList(0, Math.min(MAX_SINGLE_PROJECTIONS, missing.size()))) {
                Optional<Projection> projection = scheduler.projection(ticket.jobId()).filter(Projection::isSchedulable);
                if (projection.isPresent()) {
                    earliest = Math.min(earliest, projection.get().startAtMillis());
                }
            }
        }
        return earliest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, earliest - now)));
    }

    private void refreshPositions() {
        var watched = events.watchedTasks();
        if (!watched.isEmpty() && !queued.isEmpty()) {
            Map<String, Projection> all = bulkProjections();
            for (JobTicket ticket : queued.values()) {
                if (!watched.contains(ticket.taskId())) {
                    continue;
                }
                Projection projection = all.containsKey(ticket.jobId())
                        ? all.get(ticket.jobId())
                        : scheduler.projection(ticket.jobId()).orElse(null);
                if (projection != null) {
                    events.position(ticket.taskId(), projection.position(), projection.startAtMillis(), projection.finishAtMillis());
                }
            }
        }
        addTimer(System.currentTimeMillis() + POSITION_REFRESH_MILLIS, this::refreshPositions);
    }

    /**
     * Recomputes the tiers' projected waits for admission. The next run waits at least three times
     * this run's cost, so under a queue deep enough to make projections slow, they take at most a
     * quarter of the loop's time.
     */
    private void refreshTierWaits() {
        long started = System.nanoTime();
        long now = System.currentTimeMillis();
        tierWaits = queued.isEmpty() ? Map.of() : TierWaits.compute(queued.values(), bulkProjections(), now);
        long costMillis = (System.nanoTime() - started) / 1_000_000;
        addTimer(now + Math.max(POSITION_REFRESH_MILLIS, 3 * costMillis), this::refreshTierWaits);
    }

    private void evictStreams() {
        events.evictIdle();
        addTimer(System.currentTimeMillis() + EVICT_MILLIS, this::evictStreams);
    }

    private static ExecutorService newSettler() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "easel-dispatch-settle");
            thread.setDaemon(true);
            return thread;
        });
    }

    // ---------------------------------------------------------------- deadlines (loop thread)

    /**
     * The deadlines of one task while the loop watches them. Entries leave the map when their
     * last deadline acted, or when the task turned out to be finished.
     *
     * <p>NOTE: a task that finishes early keeps its entry and timers until its deadlines pass (at
     * most {@code RequestDeadlines.MAX_AHEAD}, 7 days), so memory grows with the tasks submitted
     * with deadlines in that span, about a hundred bytes each.
     */
    private static final class WatchedDeadlines {
        final TaskDeadlines deadlines;
        boolean started;
        int notHeldChecks;

        WatchedDeadlines(TaskDeadlines deadlines, boolean started) {
            this.deadlines = deadlines;
            this.started = started;
        }
    }

    private void watch(String taskId, TaskDeadlines taskDeadlines, boolean started) {
        if (taskDeadlines.isEmpty()) {
            return;
        }
        WatchedDeadlines watched = new WatchedDeadlines(taskDeadlines, started || batchOfTask.containsKey(taskId));
        deadlines.put(taskId, watched);
        if (taskDeadlines.startByMillis() != null && !watched.started) {
            addTimer(taskDeadlines.startByMillis(), () -> onStartBy(taskId, watched));
        }
        if (taskDeadlines.cancelAfterMillis() != null) {
            addTimer(taskDeadlines.cancelAfterMillis(), () -> onCancelAfter(taskId, watched));
        }
    }

    /** How often a passed {@code cancel_after} looks again for a task the loop does not hold (100 ms apart). */
    private static final int MAX_NOT_HELD_CHECKS = 50;

    private void onStartBy(String taskId, WatchedDeadlines watched) {
        if (deadlines.get(taskId) != watched) {
            return;
        }
        JobTicket waiting = watched.started ? null : takeWaiting(taskId);
        if (waiting == null) {
            // Started, finished or canceled: start_by no longer applies.
            if (watched.deadlines.cancelAfterMillis() == null) {
                deadlines.remove(taskId);
            }
            return;
        }
        deadlines.remove(taskId);
        String reason = expiredReason(watched.deadlines, waiting);
        settler.execute(() -> lifecycle.expireWaiting(waiting, reason));
    }

    private void onCancelAfter(String taskId, WatchedDeadlines watched) {
        if (deadlines.get(taskId) != watched) {
            return;
        }
        String reason = "canceled because its cancel_after deadline " + watched.deadlines.cancelAfterText() + " passed";
        JobTicket waiting = takeWaiting(taskId);
        if (waiting != null) {
            deadlines.remove(taskId);
            settler.execute(() -> lifecycle.cancelWaiting(waiting, reason));
            return;
        }
        String batchId = batchOfTask.get(taskId);
        if (batchId != null) {
            deadlines.remove(taskId);
            batches.get(batchId).requestCancel(taskId, reason);
            addTimer(System.currentTimeMillis() + cancelGrace.toMillis(), () -> escalate(batchId));
            settler.execute(() -> lifecycle.recordCancelRequest(taskId));
            log.atInfo().addKeyValue("task_id", taskId).addKeyValue("batch_id", batchId).log("cancel_after passed; stopping the running task");
            return;
        }

        // Not held: finished, or between two steps of a multi-step task (the next step is stored
        // but not yet queued). Look again shortly, unless the store reports the task finished.
        if (watched.notHeldChecks++ >= MAX_NOT_HELD_CHECKS) {
            deadlines.remove(taskId);
            return;
        }
        settler.execute(() -> {
            boolean finished = lifecycle.isFinished(taskId);
            post(() -> {
                if (finished) {
                    deadlines.remove(taskId, watched);
                } else {
                    addTimer(System.currentTimeMillis() + 100, () -> onCancelAfter(taskId, watched));
                }
            });
        });
    }

    /** Ends a task instead of queuing its job when a deadline already passed; returns whether it did. */
    private boolean endIfOverdue(JobTicket ticket, long now) {
        WatchedDeadlines watched = deadlines.get(ticket.taskId());
        if (watched == null) {
            return false;
        }
        Long cancelAfter = watched.deadlines.cancelAfterMillis();
        if (cancelAfter != null && cancelAfter <= now) {
            deadlines.remove(ticket.taskId());
            String reason = "canceled because its cancel_after deadline " + watched.deadlines.cancelAfterText() + " passed";
            settler.execute(() -> lifecycle.cancelWaiting(ticket, reason));
            return true;
        }
        Long startBy = watched.deadlines.startByMillis();
        if (!watched.started && startBy != null && startBy <= now) {
            deadlines.remove(ticket.taskId());
            String reason = expiredReason(watched.deadlines, ticket);
            settler.execute(() -> lifecycle.expireWaiting(ticket, reason));
            return true;
        }
        return false;
    }

    /**
     * Keeps a cancel of a task the loop does not hold, so that the task's job ends canceled if it
     * enters the queue within {@link #EARLY_CANCEL_MILLIS}.
     *
     * <p>NOTE: the cancel lives only in memory, because the store records cancel requests of
     * running tasks alone. A restart inside the window loses it, and the task runs after recovery.
     */
    private void rememberEarlyCancel(String taskId, String reason) {
        EarlyCancel cancel = new EarlyCancel(reason, System.currentTimeMillis() + EARLY_CANCEL_MILLIS);
        earlyCancels.put(taskId, cancel);
        addTimer(cancel.expiresAtMillis(), () -> earlyCancels.remove(taskId, cancel));
    }

    /** Ends a task canceled instead of queuing its job when a cancel arrived before the job did; returns whether it did. */
    private boolean endIfCanceledEarly(JobTicket ticket) {
        EarlyCancel cancel = earlyCancels.remove(ticket.taskId());
        if (cancel == null) {
            return false;
        }
        endCanceled(ticket, cancel.reason());
        return true;
    }

    /** Ends a stored, waiting task canceled without queuing its job. */
    private void endCanceled(JobTicket ticket, String reason) {
        log.atInfo().addKeyValue("task_id", ticket.taskId()).addKeyValue("job_id", ticket.jobId())
                .log("cancel arrived before the job entered the queue; the task ends canceled");
        settler.execute(() -> lifecycle.cancelWaiting(ticket, reason));
    }

    /** Takes a task's waiting job out of the queue or the retry timers; {@code null} when it is in neither. */
    private JobTicket takeWaiting(String taskId) {
        String jobId = queuedJobOfTask.get(taskId);
        if (jobId != null) {
            JobTicket ticket = queued.get(jobId);
            if (scheduler.cancel(jobId)) {
                forgetQueued(jobId);
                return ticket;
            }
        }
        return retrying.remove(taskId);
    }

    private static String expiredReason(TaskDeadlines taskDeadlines, JobTicket ticket) {
        long waited = Math.max(0, taskDeadlines.startByMillis() - ticket.job().submittedAtMillis());
        return "expired because it did not start by its start_by deadline " + taskDeadlines.startByText() + " ("
                + waited / 1000.0 + " s after it was queued)";
    }

    // ---------------------------------------------------------------- bookkeeping (loop thread)

    /**
     * Puts a job in the scheduler's queue, unless its task was canceled before the job arrived or
     * a deadline of its task already passed: the task then ends canceled or expired instead, and
     * this returns false.
     */
    private boolean submitToScheduler(JobTicket ticket, long now) {
        if (endIfCanceledEarly(ticket) || endIfOverdue(ticket, now)) {
            return false;
        }
        scheduler.submit(ticket.job());
        queued.put(ticket.jobId(), ticket);
        queuedSince.put(ticket.jobId(), now);
        queuedJobOfTask.put(ticket.taskId(), ticket.jobId());
        dirty = true;
        return true;
    }

    /**
     * Returns the queued job of a task: {@code jobId}, or the next step's job when a multi-step
     * task moved on after the caller read it.
     */
    private String waitingJobOf(String taskId, String jobId) {
        if (queued.containsKey(jobId)) {
            return jobId;
        }
        int step = Integer.parseInt(jobId.substring(jobId.lastIndexOf('_') + 1));
        String nextStep = TaskRecord.jobIdOf(taskId, step + 1);
        return queued.containsKey(nextStep) ? nextStep : jobId;
    }

    private void forgetQueued(String jobId) {
        JobTicket ticket = queued.remove(jobId);
        queuedSince.remove(jobId);
        if (ticket != null) {
            queuedJobOfTask.remove(ticket.taskId(), jobId);
            counts.remove(ticket.job());
        }
    }

    private void scheduleRetry(JobTicket ticket, long dueAtMillis) {
        if (endIfCanceledEarly(ticket)) {
            return;
        }
        retrying.put(ticket.taskId(), ticket);
        addTimer(dueAtMillis, () -> {
            if (retrying.remove(ticket.taskId()) == null) {
                return;
            }
            try {
                if (submitToScheduler(ticket, System.currentTimeMillis())) {
                    counts.add(ticket.job());
                }
            } catch (QueueFullException e) {
                log.atWarn().addKeyValue("task_id", ticket.taskId()).addKeyValue("tier", ticket.job().tier())
                        .log("tier full; the retry waits another second");
                scheduleRetry(ticket, System.currentTimeMillis() + 1_000);
            }
        });
    }

    private void addTimer(long dueAtMillis, Runnable action) {
        timers.add(new Timer(dueAtMillis, timerSequence++, action));
    }

    private long nextTimerDelay(long now) {
        Timer next = timers.peek();
        return next == null ? IDLE_DECIDE_MILLIS : next.dueAtMillis() - now;
    }

    private void post(Runnable command) {
        inbox.add(command);
    }

    private <T> CompletableFuture<T> call(Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(() -> {
            try {
                result.complete(query.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
