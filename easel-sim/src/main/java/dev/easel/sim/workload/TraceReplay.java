package dev.easel.sim.workload;

import dev.easel.core.schedule.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a request trace, time-compressed (or stretched) so that it offers a chosen load.
 *
 * <p>Load is the offered solo work divided by the capacity over the replayed span:
 * {@code load = sum(solo run time) / (slots * span)}, where slots are workers times
 * the batches each runs at once. Model loads and batching are left out of
 * it, because they depend on the policy. Arrival times are scaled by one factor, so the trace's
 * bursts and daily cycles keep their shape; at a mean load of 0.9 its busiest hours offer several
 * times the capacity.
 */
public final class TraceReplay {

    private TraceReplay() {
    }

    /**
     * Builds the replayed workload.
     *
     * @param requests trace requests, sorted by arrival
     * @param shapes   one shape per request, from {@link TraceShapes#of}
     * @param load     target offered load, greater than 0
     * @param slots    workers times slots per worker (capacity in slot-seconds per second), at least 1
     * @param tierMix  assigns users to tiers
     * @throws IllegalArgumentException when the load or slot count is out of range, or the trace
     *                                  spans no time
     */
    public static Workload replay(List<TraceRequest> requests, List<JobShape> shapes, double load, int slots, TierMix tierMix) {
        if (!(load > 0)) {
            throw new IllegalArgumentException("load must be greater than 0, was " + load);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, was " + slots);
        }
        if (requests.size() != shapes.size()) {
            throw new IllegalArgumentException("expected one shape per request, got " + shapes.size() + " for " + requests.size());
        }
        double scale = timeScale(requests, shapes, load, slots);
        long origin = requests.get(0).arrivalMillis();
        List<SimJob> jobs = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            TraceRequest request = requests.get(i);
            JobShape shape = shapes.get(i);
            long arrival = Math.round((request.arrivalMillis() - origin) * scale);
            String id = "j" + i;
            Job job = new Job(id, id, request.user(), tierMix.tierOf(request.user()), shape.batchKey(request.user()),
                    shape.images(), arrival);
            jobs.add(new SimJob(job, shape.soloRunMillis(), false));
        }
        String description = String.format(
                "trace replay of %d requests, arrivals scaled by %.4f (%.1fx faster) for a solo load of %.3f on %d slots",
                requests.size(), scale, 1 / scale, load, slots);
        return new Workload("trace", description, jobs);
    }

    /**
     * Returns the factor that multiplies trace arrival offsets to reach the load: replayed span =
     * total solo work / (load * slots).
     */
    static double timeScale(List<TraceRequest> requests, List<JobShape> shapes, double load, int slots) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("the trace holds no requests");
        }
        long span = requests.get(requests.size() - 1).arrivalMillis() - requests.get(0).arrivalMillis();
        if (span <= 0) {
            throw new IllegalArgumentException("the trace spans no time (all " + requests.size()
                    + " requests arrive at once), so it cannot be scaled to a load");
        }
        double totalSolo = shapes.stream().mapToLong(JobShape::soloRunMillis).sum();
        double targetSpan = totalSolo / (load * slots);
        return targetSpan / span;
    }
}
