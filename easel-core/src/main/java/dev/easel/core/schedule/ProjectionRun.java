package dev.easel.core.schedule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Projects every queued job's position, start and finish by running {@link DispatchPolicy} forward
 * in virtual time on a copy of the state.
 *
 * <p>Implementation notes. The copy shares the live job lists (see {@link UserQueue}), so copying
 * costs O(users + workers), not O(jobs). Virtual time starts at the clock's now with the running
 * batches' expected finishes as events. At each event time the policy fills the free slots exactly as
 * a live decision would, with estimated costs and model loads. Each batch's finish becomes a new
 * event. The run ends when every queued job is placed, so its cost is O(jobs * log(users)) plus
 * the policy's bounded searches. Maximum batch delays are not applied in projections.
 *
 * <p>Jobs that will arrive and pass the queued ones are forecast from the measured arrivals
 * ({@link ForecastJobs}): they enter the copy as virtual time passes and take worker time, so a
 * projected start includes the expected overtaking. They get no projection, and positions count
 * only queued jobs. A free slot that could run a forecast job wakes the run at its arrival.
 */
final class ProjectionRun {

    private ProjectionRun() {
    }

    /**
     * Returns a projection for every job in the user queues, keyed by job id.
     *
     * @param live      the live state; left unchanged
     * @param running   batches running now
     * @param nowMillis the clock time the projection starts from
     * @param epoch     a number no earlier projection used
     * @param arrivals  measured arrivals, from which the run forecasts jobs that pass the queue
     */
    static Map<String, Projection> run(PolicyState live, Collection<RunningBatch> running, long nowMillis,
            long epoch, ArrivalForecast arrivals) {
        return run(live, running, nowMillis, epoch, arrivals, null);
    }

    /**
     * Returns the projection of one queued job, running the policy forward only until that job is
     * placed; null when it is never placed (its tier is paused). The result equals what a full run
     * gives for that job.
     */
    static Projection runUntilPlaced(PolicyState live, Collection<RunningBatch> running, long nowMillis,
            long epoch, ArrivalForecast arrivals, QueuedJob target) {
        return run(live, running, nowMillis, epoch, arrivals, target).get(target.job.id());
    }

    private static Map<String, Projection> run(PolicyState live, Collection<RunningBatch> running, long nowMillis,
            long epoch, ArrivalForecast arrivals, QueuedJob stopAfter) {
        VirtualRun run = new VirtualRun(live.copyForProjection(epoch), live.queued);
        run.releaseRunningBatches(live, running, nowMillis);
        ForecastJobs forecast = ForecastJobs.start(run.state, arrivals, nowMillis);
        long time = nowMillis;
        while (run.unplaced > 0) {
            forecast.arriveUntil(time);
            if (run.place(DispatchPolicy.fill(run.state, run.free, time, false), time, stopAfter)
                    || run.unplaced == 0) {
                break;
            }
            run.dropFullWorkers();
            long next = run.nextEventMillis(forecast);
            if (next == Long.MAX_VALUE) {
                break;
            }
            time = Math.max(time, next);
            run.releaseSlotsUntil(time);
        }
        return run.result;
    }

    /**
     * One projection's virtual time: the copy of the state, the slot releases to come, the workers
     * with a free slot and the projections made so far.
     *
     * <p>The free workers are kept in the order of {@link PolicyState#workers}: a fill only takes
     * slots, so after one the list only loses workers, and it is rebuilt only when slots are released.
     * Each worker's slot count is read once, as a copy's specs and draining flags do not change.
     */
    private static final class VirtualRun {

        final PolicyState state;
        final Map<String, Projection> result;
        final List<WorkerView> free;
        final PriorityQueue<SlotRelease> releases = new PriorityQueue<>();

        /** Slots of each worker of the copy, by position; 0 for a draining worker. */
        private final int[] slots;

        private long sequence;
        private int position;
        int unplaced;

        VirtualRun(PolicyState copy, int liveQueued) {
            this.state = copy;
            this.result = new HashMap<>(Math.max(16, liveQueued * 2));
            this.free = new ArrayList<>(copy.workers.size());
            this.slots = new int[copy.workers.size()];
            for (int i = 0; i < slots.length; i++) {
                WorkerView worker = copy.workers.get(i);
                slots[i] = worker.draining ? 0 : worker.spec.slots();
            }
            this.unplaced = copy.queued;
            collectFreeWorkers();
        }

        /** Schedules the release of each running batch's slot at its expected finish. */
        void releaseRunningBatches(PolicyState live, Collection<RunningBatch> running, long nowMillis) {
            Map<WorkerView, WorkerView> copyOf = new IdentityHashMap<>();
            for (int i = 0; i < live.workers.size(); i++) {
                copyOf.put(live.workers.get(i), state.workers.get(i));
            }
            for (RunningBatch batch : running) {
                WorkerView worker = copyOf.get(batch.worker);
                if (worker != null) {
                    long finish = Math.max(nowMillis, batch.expectedFinishMillis());
                    releases.add(new SlotRelease(finish, sequence++, worker));
                }
            }
        }

        /**
         * Projects the queued jobs of these batches, which start at {@code time}, and schedules their
         * slots' release; returns whether {@code stopAfter} was among them.
         */
        boolean place(List<BatchPlan> plans, long time, QueuedJob stopAfter) {
            boolean placed = false;
            for (BatchPlan plan : plans) {
                long finish = time + Math.round((plan.loadSeconds + plan.runSeconds) * 1000);
                for (int i = 0; i < plan.size(); i++) {
                    if (plan.owners.get(i).forecast) {
                        continue;
                    }
                    QueuedJob job = plan.jobs.get(i);
                    String id = job.job.id();
                    result.put(id, new Projection(id, position++, time, finish, null));
                    placed |= job == stopAfter;
                    unplaced--;
                }
                releases.add(new SlotRelease(finish, sequence++, plan.worker));
            }
            return placed;
        }

        void dropFullWorkers() {
            free.removeIf(worker -> worker.freeSlots() == 0);
        }

        /**
         * Returns the next slot release, or the next forecast arrival that a free slot could run;
         * {@link Long#MAX_VALUE} when neither comes.
         */
        long nextEventMillis(ForecastJobs forecast) {
            long next = releases.isEmpty() ? Long.MAX_VALUE : releases.peek().atMillis;
            return free.isEmpty() ? next : Math.min(next, forecast.nextArrivalMillis(free));
        }

        /** Frees the slots whose batches finish by {@code time}. */
        void releaseSlotsUntil(long time) {
            if (releases.isEmpty() || releases.peek().atMillis > time) {
                return;
            }
            while (!releases.isEmpty() && releases.peek().atMillis <= time) {
                releases.poll().worker.busy--;
            }
            collectFreeWorkers();
        }

        /** Lists the workers with a free slot, as {@link WorkerView#freeSlots} counts them. */
        private void collectFreeWorkers() {
            free.clear();
            for (int i = 0; i < slots.length; i++) {
                WorkerView worker = state.workers.get(i);
                if (slots[i] > 0 && worker.busy < slots[i]) {
                    free.add(worker);
                }
            }
        }
    }

    /** A worker slot that frees at a virtual time; ties release in creation order. */
    private record SlotRelease(long atMillis, long sequence, WorkerView worker) implements Comparable<SlotRelease> {

        @Override
        public int compareTo(SlotRelease other) {
            int byTime = Long.compare(atMillis, other.atMillis);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
