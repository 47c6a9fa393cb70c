package dev.easel.sim.metrics;

/**
 * Wait times of one group of jobs, in seconds: from arrival to the decision that started it.
 *
 * @param jobs   jobs that started
 * @param p50    median wait
 * @param p95    95th percentile
 * @param p99    99th percentile
 * @param max    longest wait
 */
public record WaitStats(int jobs, double p50, double p95, double p99, double max) {

    static WaitStats of(double[] waitsSeconds) {
        double[] sorted = waitsSeconds.clone();
        java.util.Arrays.sort(sorted);
        double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
        return new WaitStats(sorted.length, Percentiles.sortedPercentile(sorted, 50),
                Percentiles.sortedPercentile(sorted, 95), Percentiles.sortedPercentile(sorted, 99), max);
    }
}
