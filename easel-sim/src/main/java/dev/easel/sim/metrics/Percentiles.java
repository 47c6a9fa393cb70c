package dev.easel.sim.metrics;

import java.util.Arrays;

/**
 * Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at
 * rank {@code ceil(p / 100 * n)}, counting from 1 (rank 1 for p = 0). Every result is one of the
 * inputs, which keeps small samples honest.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * Returns the p-th percentile of values, or {@code NaN} when there are none.
     *
     * @param p percentile in [0, 100]
     */
    public static double of(double[] values, double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], was " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sortedPercentile(sorted, p);
    }

    /** Returns the p-th percentile of values that are already sorted ascending. */
    public static double sortedPercentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }
}
