package dev.easel.sim.report;

import dev.easel.sim.metrics.PolicyMetrics;
import dev.easel.sim.metrics.WaitStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows of the comparison, shared by the terminal table and the CSV file so that both list the
 * same figures.
 */
final class MetricRows {

    /**
     * One metric.
     *
     * @param name   metric name, with its unit
     * @param value  reads the metric from a policy's results; NaN when it does not apply
     * @param format how to print it in the table
     */
    record Row(String name, Function<PolicyMetrics, Double> value, String format) {
    }

    private MetricRows() {
    }

    static List<Row> rows(List<String> tiers, List<PolicyMetrics> policies) {
        List<Row> rows = new ArrayList<>();
        for (String tier : tiers) {
            rows.add(new Row("wait p50 " + tier + " (s)", metrics -> tierWait(metrics, tier).p50(), "%.1f"));
            rows.add(new Row("wait p95 " + tier + " (s)", metrics -> tierWait(metrics, tier).p95(), "%.1f"));
            rows.add(new Row("wait p99 " + tier + " (s)", metrics -> tierWait(metrics, tier).p99(), "%.1f"));
            rows.add(new Row("wait max " + tier + " (s)", metrics -> tierWait(metrics, tier).max(), "%.1f"));
        }
        rows.add(new Row("wait p95 all (s)", metrics -> metrics.waitsAll().p95(), "%.1f"));
        if (policies.stream().anyMatch(metrics -> metrics.floodWaits().jobs() > 0)) {
            rows.add(new Row("wait p95 flooding user (s)", metrics -> metrics.floodWaits().p95(), "%.1f"));
        }
        rows.add(new Row("completed jobs", metrics -> (double) metrics.completedJobs(), "%.0f"));
        rows.add(new Row("unfinished jobs", metrics -> (double) metrics.unfinishedJobs(), "%.0f"));
        rows.add(new Row("rejected jobs", metrics -> (double) metrics.rejectedJobs(), "%.0f"));
        rows.add(new Row("run length (h)", PolicyMetrics::endHours, "%.2f"));
        rows.add(new Row("throughput (jobs/h)", PolicyMetrics::throughputJobsPerHour, "%.0f"));
        rows.add(new Row("backlogged throughput (jobs/h)", PolicyMetrics::backlogJobsPerHour, "%.0f"));
        rows.add(new Row("backlogged work rate (workers)", PolicyMetrics::backlogWorkRate, "%.2f"));
        rows.add(new Row("utilisation (%)", metrics -> 100 * metrics.utilisation(), "%.1f"));
        rows.add(new Row("model loading (% of slot time)", metrics -> 100 * metrics.loadFraction(), "%.1f"));
        rows.add(new Row("idle while runnable (%)", metrics -> 100 * metrics.idleRunnableFraction(), "%.2f"));
        rows.add(new Row("model switches", metrics -> (double) metrics.modelSwitches(), "%.0f"));
        for (String tier : tiers) {
            rows.add(new Row("Jain index " + tier, metrics -> metrics.jainByTier().getOrDefault(tier, Double.NaN), "%.3f"));
        }
        rows.add(new Row("Jain index mean", PolicyMetrics::jainMean, "%.3f"));
        for (int size : batchSizes(policies)) {
            rows.add(new Row("batches of " + size, metrics -> (double) metrics.batchSizes().getOrDefault(size, 0L), "%.0f"));
        }
        rows.add(new Row("ETA jobs compared", metrics -> (double) metrics.etaJobs(), "%.0f"));
        rows.add(new Row("ETA error median (%)", metrics -> 100 * metrics.etaMedianError(), "%.1f"));
        rows.add(new Row("ETA error p90 (%)", metrics -> 100 * metrics.etaP90Error(), "%.1f"));
        rows.add(new Row("ETA error median, waited jobs (%)", metrics -> 100 * metrics.etaQueuedMedianError(), "%.1f"));
        rows.add(new Row("ETA error p90, waited jobs (%)", metrics -> 100 * metrics.etaQueuedP90Error(), "%.1f"));
        rows.add(new Row("decide mean (us)", PolicyMetrics::meanDecideMicros, "%.1f"));
        rows.add(new Row("wall time with metrics (s)", PolicyMetrics::wallSeconds, "%.1f"));
        return rows;
    }

    private static WaitStats tierWait(PolicyMetrics metrics, String tier) {
        WaitStats stats = metrics.waitsByTier().get(tier);
        return stats == null ? new WaitStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN) : stats;
    }

    private static List<Integer> batchSizes(List<PolicyMetrics> policies) {
        return policies.stream()
                .map(PolicyMetrics::batchSizes)
                .map(Map::keySet)
                .flatMap(java.util.Set::stream)
                .distinct()
                .sorted()
                .toList();
    }
}
