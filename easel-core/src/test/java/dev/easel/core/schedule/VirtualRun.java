package dev.easel.core.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Drives a scheduler in virtual time the way the server does in real time: at each instant it
 * reports finished batches, applies the events due, then calls {@code decide()} and starts what it
 * returns. Batches take the time a test-supplied function gives, plus a fixed load time on a model
 * switch. Records what happened for assertions.
 */
final class VirtualRun {

    final FakeClock clock;
    final Scheduler scheduler;

    private final ToLongFunction<Assignment> runMillis;
    private final long loadMillis;
    private final TreeMap<Long, List<Runnable>> events = new TreeMap<>();
    private final PriorityQueue<Finish> finishes = new PriorityQueue<>();
    private long finishSequence;

    final List<Assignment> assignments = new ArrayList<>();
    final List<String> startOrder = new ArrayList<>();
    final Map<String, Long> startedAt = new LinkedHashMap<>();
    final Map<String, Long> finishedAt = new LinkedHashMap<>();
    final Map<String, Job> jobs = new LinkedHashMap<>();
    final Map<String, Projection> projectionAtSubmit = new LinkedHashMap<>();
    final List<String> rejected = new ArrayList<>();
    final Map<String, Job> pending = new LinkedHashMap<>();
    final Map<String, Integer> runningByWorker = new LinkedHashMap<>();
    final List<String> canceled = new ArrayList<>();
    private final List<java.util.function.LongConsumer> afterDecide = new ArrayList<>();
    private boolean projectOnSubmit = true;
    final Map<String, Long> busyMillisByTier = new LinkedHashMap<>();
    final Map<String, Long> busyMillisByUser = new LinkedHashMap<>();
    int modelSwitches;

    VirtualRun(FakeClock clock, Scheduler scheduler, ToLongFunction<Assignment> runMillis, long loadMillis) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.runMillis = runMillis;
        this.loadMillis = loadMillis;
    }

    /** Returns a run where every batch takes {@code perJobMillis} per job, and switches cost nothing. */
    static VirtualRun fixed(FakeClock clock, Scheduler scheduler, long perJobMillis) {
        return new VirtualRun(clock, scheduler, a -> perJobMillis * a.jobs().size(), 0);
    }

    /** Schedules an action at a virtual time; actions at one time run in the order added. */
    VirtualRun at(long millis, Runnable action) {
        events.computeIfAbsent(millis, t -> new ArrayList<>()).add(action);
        return this;
    }

    /** Stops recording a projection after every submit, which costs a full projection each. */
    VirtualRun withoutProjections() {
        projectOnSubmit = false;
        return this;
    }

    /** Adds a check or action that runs after every decision, with the virtual time. */
    VirtualRun afterDecide(java.util.function.LongConsumer action) {
        afterDecide.add(action);
        return this;
    }

    /** Schedules a cancel at a virtual time. */
    VirtualRun cancelAt(long millis, String jobId) {
        return at(millis, () -> {
            if (scheduler.cancel(jobId)) {
                canceled.add(jobId);
                pending.remove(jobId);
            }
        });
    }

    /** Submits a job now, at the clock's time; for use inside actions. */
    void submitNow(JobBuilder job) {
        submitNow(job.at(clock.millis()).build());
    }

    /** Schedules a submit at a virtual time; the job's submit time is set to it. */
    VirtualRun submitAt(long millis, JobBuilder job) {
        Job built = job.at(millis).build();
        return at(millis, () -> submitNow(built));
    }

    private void submitNow(Job job) {
        try {
            scheduler.submit(job);
            jobs.put(job.id(), job);
            pending.put(job.id(), job);
            if (projectOnSubmit) {
                scheduler.projection(job.id()).ifPresent(p -> projectionAtSubmit.put(job.id(), p));
            }
        } catch (QueueFullException e) {
            rejected.add(job.id());
        }
    }

    /** Runs until no event or batch is left, or until the virtual time passes {@code untilMillis}. */
    VirtualRun runUntil(long untilMillis) {
        while (true) {
            long next = nextTime();
            if (next == Long.MAX_VALUE || next > untilMillis) {
                return this;
            }
            clock.setMillis(next);
            finishDue(next);
            List<Runnable> due = events.remove(next);
            if (due != null) {
                due.forEach(Runnable::run);
            }
            startAll(next);
            for (java.util.function.LongConsumer action : afterDecide) {
                action.accept(next);
            }
        }
    }

    VirtualRun runToEnd() {
        return runUntil(Long.MAX_VALUE - 1);
    }

    private long nextTime() {
        long nextEvent = events.isEmpty() ? Long.MAX_VALUE : events.firstKey();
        long nextFinish = finishes.isEmpty() ? Long.MAX_VALUE : finishes.peek().atMillis;
        return Math.min(nextEvent, nextFinish);
    }

    private void finishDue(long now) {
        while (!finishes.isEmpty() && finishes.peek().atMillis <= now) {
            Finish finish = finishes.poll();
            for (Job job : finish.assignment.jobs()) {
                finishedAt.put(job.id(), now);
            }
            runningByWorker.merge(finish.assignment.workerId(), -1, Integer::sum);
            scheduler.batchFinished(finish.assignment.batchId(), finish.runMillis, true);
        }
    }

    private void startAll(long now) {
        for (Assignment assignment : scheduler.decide()) {
            assignments.add(assignment);
            long run = runMillis.applyAsLong(assignment);
            long load = assignment.modelSwitch() ? loadMillis : 0;
            if (assignment.modelSwitch()) {
                modelSwitches++;
                scheduler.modelsLoaded(assignment.workerId(), java.util.Set.of(assignment.batchKey().model()));
            }
            runningByWorker.merge(assignment.workerId(), 1, Integer::sum);
            for (Job job : assignment.jobs()) {
                pending.remove(job.id());
                startOrder.add(job.id());
                startedAt.put(job.id(), now);
                long share = run / assignment.jobs().size();
                busyMillisByTier.merge(job.tier(), share, Long::sum);
                busyMillisByUser.merge(job.user(), share, Long::sum);
            }
            finishes.add(new Finish(now + load + run, finishSequence++, assignment, run));
        }
    }

    /** Returns the users of the started jobs, in start order. */
    List<String> userOrder() {
        List<String> users = new ArrayList<>();
        for (String id : startOrder) {
            users.add(jobs.get(id).user());
        }
        return users;
    }

    long waitMillis(String jobId) {
        return startedAt.get(jobId) - jobs.get(jobId).submittedAtMillis();
    }

    private record Finish(long atMillis, long sequence, Assignment assignment, long runMillis)
            implements Comparable<Finish> {

        @Override
        public int compareTo(Finish other) {
            int byTime = Long.compare(atMillis, other.atMillis);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
