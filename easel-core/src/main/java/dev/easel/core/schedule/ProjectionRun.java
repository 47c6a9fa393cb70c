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
        PolicyState state = live.copyForProjection(epoch);
        Map<WorkerView, WorkerView> copyOf = new IdentityHashMap<>();
        for (int i = 0; i < live.workers.size(); i++) {
            copyOf.put(live.workers.get(i), state.workers.get(i));
        }

        PriorityQueue<SlotRelease> releases = new PriorityQueue<>();
        long sequence = 0;
        for (RunningBatch batch : running) {
            WorkerView worker = copyOf.get(batch.worker);
            if (worker != null) {
                long finish = Math.max(nowMillis, batch.expectedFinishMillis());
                releases.add(new SlotRelease(finish, sequence++, worker));
            }
        }

        Map<String, Projection> result = new HashMap<>(Math.max(16, live.queued * 2));
        ForecastJobs forecast = ForecastJobs.start(state, arrivals, nowMillis);
        int unplaced = state.queued;
        int position = 0;
        long time = nowMillis;
        boolean placed = false;
        while (unplaced > 0 && !placed) {
            forecast.arriveUntil(time);
            List<BatchPlan> plans = DispatchPolicy.fill(state, freeWorkers(state), time, false);
            for (BatchPlan plan : plans) {
                long finish = time + Math.round((plan.loadSeconds + plan.runSeconds) * 1000);
                for (int i = 0; i < plan.size(); i++) {
                    if (plan.owners.get(i).forecast) {
                        continue;
                    }
                    QueuedJob job = plan.jobs.get(i);
                    result.put(job.job.id(), new Projection(job.job.id(), position++, time, finish, null));
                    placed |= job == stopAfter;
                    unplaced--;
                }
                releases.add(new SlotRelease(finish, sequence++, plan.worker));
            }
            if (unplaced == 0 || placed) {
                break;
            }
            long next = nextEventMillis(state, releases, forecast);
            if (next == Long.MAX_VALUE) {
                break;
            }
            time = Math.max(time, next);
            while (!releases.isEmpty() && releases.peek().atMillis <= time) {
                releases.poll().worker.busy--;
            }
        }
        return result;
    }

    /**
     * Returns the next slot release, or the next forecast arrival that a free slot could run; {@link
     * Long#MAX_VALUE} when neither comes.
     */
    private static long nextEventMillis(PolicyState state, PriorityQueue<SlotRelease> releases, ForecastJobs forecast) {
        long next = releases.isEmpty() ? Long.MAX_VALUE : releases.peek().atMillis;
        List<WorkerView> free = freeWorkers(state);
        return free.isEmpty() ? next : Math.min(next, forecast.nextArrivalMillis(free));
    }

    private static List<WorkerView> freeWorkers(PolicyState state) {
        List<WorkerView> free = new ArrayList<>();
        for (WorkerView worker : state.workers) {
            if (worker.freeSlots() > 0) {
                free.add(worker);
            }
        }
        return free;
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
