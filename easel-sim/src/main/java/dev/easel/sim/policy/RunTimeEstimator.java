package dev.easel.sim.policy;

import dev.easel.core.schedule.Job;
import java.util.HashMap;
import java.util.Map;

/**
 * The baselines' run-time estimate: the mean observed run time of finished jobs with the same
 * model, steps and image count, else of jobs with the same image count, else of all jobs, else a
 * prior of {@value #PRIOR_MILLIS} ms.
 *
 * <p>It stands for the "average time per job" that simple queues multiply by a position to show
 * an ETA. It ignores model loads.
 */
final class RunTimeEstimator {

    static final long PRIOR_MILLIS = 20_000;

    private final Map<String, double[]> byShape = new HashMap<>();
    private final Map<Integer, double[]> byImages = new HashMap<>();
    private final double[] overall = new double[2];

    long estimateMillis(Job job) {
        double[] mean = byShape.get(shapeOf(job));
        if (mean == null) {
            mean = byImages.get(job.images());
        }
        if (mean == null && overall[1] > 0) {
            mean = overall;
        }
        return mean == null ? PRIOR_MILLIS : Math.max(1, Math.round(mean[0] / mean[1]));
    }

    void observe(Job job, long runMillis) {
        add(byShape.computeIfAbsent(shapeOf(job), key -> new double[2]), runMillis);
        add(byImages.computeIfAbsent(job.images(), key -> new double[2]), runMillis);
        add(overall, runMillis);
    }

    private static void add(double[] sumAndCount, long value) {
        sumAndCount[0] += value;
        sumAndCount[1] += 1;
    }

    private static String shapeOf(Job job) {
        return job.batchKey().model() + '|' + job.batchKey().steps() + '|' + job.images();
    }
}
