package dev.easel.sim.metrics;

import dev.easel.sim.engine.JobOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first implementation of {@link FairnessWindows}, kept unchanged apart from its name as the
 * reference the cheaper one must match. It keeps one entry per window, tier and backlogged user.
 *
 * <p>Jain's index among backlogged users, per tier, over fixed windows of virtual time.
 *
 * <p>A user is backlogged in a window when at least one of its jobs waits in the queue during the
 * whole window. For every window and tier with at least two backlogged users, the index is taken
 * over the worker time each of them received in that window: a job's share of its batch's load
 * and run time, spread evenly over the batch's span. Users of different tiers are not compared,
 * because tiers are meant to receive unequal shares.
 */
final class FairnessWindowsReference {

    private final long window;
    private final long end;

    FairnessWindowsReference(long windowMillis, long endMillis) {
        this.window = windowMillis;
        this.end = endMillis;
    }

    FairnessWindows.Result measure(List<JobOutcome> jobs, List<String> tierOrder) {
        Map<String, List<JobOutcome>> byUser = new HashMap<>();
        for (JobOutcome job : jobs) {
            if (!job.isRejected()) {
                byUser.computeIfAbsent(job.job().job().user(), user -> new ArrayList<>()).add(job);
            }
        }

        // window index -> tier -> user -> service received in that window
        Map<Long, Map<String, Map<String, double[]>>> service = new TreeMap<>();
        for (Map.Entry<String, List<JobOutcome>> entry : byUser.entrySet()) {
            String tier = entry.getValue().get(0).job().job().tier();
            for (long windowIndex : backloggedWindows(entry.getValue())) {
                service.computeIfAbsent(windowIndex, index -> new HashMap<>())
                        .computeIfAbsent(tier, name -> new HashMap<>())
                        .put(entry.getKey(), new double[1]);
            }
        }
        for (JobOutcome job : jobs) {
            addService(service, job);
        }
        return indices(service, tierOrder);
    }

    /** Returns the windows that lie entirely inside the union of the user's waiting intervals. */
    private List<Long> backloggedWindows(List<JobOutcome> jobs) {
        List<long[]> intervals = new ArrayList<>();
        for (JobOutcome job : jobs) {
            long from = job.job().arrivalMillis();
            long to = job.isStarted() ? job.startMillis() : end;
            if (to > from) {
                intervals.add(new long[] {from, to});
            }
        }
        intervals.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Long> windows = new ArrayList<>();
        long mergedFrom = -1;
        long mergedTo = -1;
        for (long[] interval : intervals) {
            if (interval[0] > mergedTo) {
                addCoveredWindows(windows, mergedFrom, mergedTo);
                mergedFrom = interval[0];
                mergedTo = interval[1];
            } else {
                mergedTo = Math.max(mergedTo, interval[1]);
            }
        }
        addCoveredWindows(windows, mergedFrom, mergedTo);
        return windows;
    }

    private void addCoveredWindows(List<Long> windows, long from, long to) {
        if (from < 0 || to <= from) {
            return;
        }
        long first = (from + window - 1) / window;
        for (long index = first; (index + 1) * window <= to; index++) {
            windows.add(index);
        }
    }

    private void addService(Map<Long, Map<String, Map<String, double[]>>> service, JobOutcome job) {
        if (!job.isStarted() || job.serviceMillis() == 0) {
            return;
        }
        long from = job.startMillis();
        long to = job.finishMillis() >= 0 ? job.finishMillis() : from + job.serviceMillis();
        double rate = (double) job.serviceMillis() / Math.max(1, to - from);
        String tier = job.job().job().tier();
        String user = job.job().job().user();
        for (long index = from / window; index * window < to; index++) {
            Map<String, Map<String, double[]>> tiers = service.get(index);
            double[] received = tiers == null || tiers.get(tier) == null ? null : tiers.get(tier).get(user);
            if (received != null) {
                long overlap = Math.min(to, (index + 1) * window) - Math.max(from, index * window);
                received[0] += overlap * rate;
            }
        }
    }

    private static FairnessWindows.Result indices(Map<Long, Map<String, Map<String, double[]>>> service, List<String> tierOrder) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        double total = 0;
        int count = 0;
        for (Map<String, Map<String, double[]>> tiers : service.values()) {
            for (Map.Entry<String, Map<String, double[]>> tier : tiers.entrySet()) {
                if (tier.getValue().size() < 2) {
                    continue;
                }
                double index = JainIndex.of(tier.getValue().values().stream().mapToDouble(received -> received[0]).toArray());
                double[] sum = sums.computeIfAbsent(tier.getKey(), name -> new double[2]);
                sum[0] += index;
                sum[1]++;
                total += index;
                count++;
            }
        }
        Map<String, Double> byTier = new LinkedHashMap<>();
        for (String tier : tierOrder) {
            double[] sum = sums.get(tier);
            byTier.put(tier, sum == null ? Double.NaN : sum[0] / sum[1]);
        }
        return new FairnessWindows.Result(byTier, count == 0 ? Double.NaN : total / count);
    }
}
