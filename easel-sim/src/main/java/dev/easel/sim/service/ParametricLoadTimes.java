package dev.easel.sim.service;

import java.util.SplittableRandom;

/**
 * Model load times when no measured latencies are given: a mixture of two log-normals.
 *
 * <p>With probability 0.33 a fast load (weights already in host memory), log-normal with median
 * 2.8 s and sigma 0.2; otherwise a slow load, log-normal with median 30 s and sigma 0.35. The mix
 * has a mean near 22 s and roughly reproduces the production base-model switch latencies of the
 * GenTD26 data set (10th percentile 2.6 s, median 22.7 s, 90th percentile 42 s), which are
 * bimodal in the same way.
 */
final class ParametricLoadTimes implements LoadTimeSource {

    private static final double FAST_PROBABILITY = 0.33;

    @Override
    public long drawMillis(SplittableRandom random) {
        boolean fast = random.nextDouble() < FAST_PROBABILITY;
        double median = fast ? 2_800 : 30_000;
        double sigma = fast ? 0.2 : 0.35;
        return Math.max(1, Math.round(median * Math.exp(sigma * gaussian(random))));
    }

    @Override
    public String description() {
        return "parametric model load times: 33% log-normal(median 2.8 s, sigma 0.2), 67% log-normal(median 30 s, sigma 0.35)";
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
