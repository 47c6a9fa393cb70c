package dev.easel.sim.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns trace requests into job shapes, filling what the trace leaves out.
 *
 * <p>Rules, all stated in the simulator's report: empty steps become {@value #DEFAULT_STEPS} (the
 * trace's most common value), empty image counts become 1 and an empty model becomes
 * {@value #UNKNOWN_MODEL}, a model of its own. A request without a measured
 * execution time (still pending when the log was cut) gets the median measured time of its
 * model's requests, or of all requests when its model has none. Failed requests keep their
 * measured time, because they held a worker for that long.
 */
public final class TraceShapes {

    static final int DEFAULT_STEPS = 30;
    static final String UNKNOWN_MODEL = "unknown-model";

    private TraceShapes() {
    }

    /**
     * Returns one shape per request, in the same order.
     *
     * @throws IllegalArgumentException when no request of the trace has a measured time
     */
    public static List<JobShape> of(List<TraceRequest> requests) {
        Map<String, Long> medianByModel = medianRunMillisByModel(requests);
        long globalMedian = median(requests.stream()
                .filter(TraceRequest::hasMeasuredRunTime)
                .mapToLong(TraceShapes::measuredMillis)
                .toArray());
        List<JobShape> shapes = new ArrayList<>(requests.size());
        for (TraceRequest request : requests) {
            long solo = request.hasMeasuredRunTime()
                    ? measuredMillis(request)
                    : medianByModel.getOrDefault(request.model(), globalMedian);
            int steps = request.steps() > 0 ? request.steps() : DEFAULT_STEPS;
            int images = Math.max(1, request.images());
            String model = request.model().isEmpty() ? UNKNOWN_MODEL : request.model();
            shapes.add(new JobShape(model, request.task(), steps, images, request.loraCount(), solo));
        }
        return shapes;
    }

    private static long measuredMillis(TraceRequest request) {
        return Math.max(1, Math.round(request.execSeconds() * 1000));
    }

    private static Map<String, Long> medianRunMillisByModel(List<TraceRequest> requests) {
        Map<String, List<Long>> byModel = new HashMap<>();
        for (TraceRequest request : requests) {
            if (request.hasMeasuredRunTime()) {
                byModel.computeIfAbsent(request.model(), model -> new ArrayList<>()).add(measuredMillis(request));
            }
        }
        Map<String, Long> medians = new HashMap<>();
        byModel.forEach((model, times) -> medians.put(model, median(times.stream().mapToLong(Long::longValue).toArray())));
        return medians;
    }

    private static long median(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the trace has no request with a measured execution time (exec_s > 0)");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }
}
