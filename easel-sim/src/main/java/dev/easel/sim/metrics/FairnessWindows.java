package dev.easel.sim.metrics;

import dev.easel.sim.engine.JobOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jain's index among backlogged users, per tier, over fixed windows of virtual time.
 *
 * <p>A user is backlogged in a window when at least one of its jobs waits in the queue during the
 * whole window. For every window and tier with at least two backlogged users, the index is taken
 * over the worker time each of them received in that window: a job's share of its batch's load
 * and run time, spread evenly over the batch's span. Users of different tiers are not compared,
 * because tiers are meant to receive unequal shares.
 */
final class FairnessWindows {

    record Result(Map<String, Double> byTier, double mean) {
    }

    private final long window;
    private final long end;

    FairnessWindows(long windowMillis, long endMillis) {
        this.window = windowMillis;
        this.end = endMillis;
    }

    Result measure(List<JobOutcome> jobs, List<String> tierOrder) {
        Map<String, List<JobOutcome>> byUser = new HashMap<>();
        for (JobOutcome job : jobs) {
            if (!job.isRejected()) {
                byUser.computeIfAbsent(job.job().job().user(), user -> new ArrayList<>()).add(job);
            }
        }

        // tier -> window index -> {backlogged users, sum of their service, sum of its squares}. Jain's
        // index needs only these three sums, so no per-user entry outlives its user's loop.
        Map<String, Map<Long, double[]>> sums = new HashMap<>();
        for (List<JobOutcome> userJobs : byUser.values()) {
            String tier = userJobs.get(0).job().job().tier();
            List<long[]> windows = backloggedWindows(userJobs);
            if (windows.isEmpty()) {
                continue;
            }
            Map<Long, double[]> received = serviceInWindows(userJobs, windows);
            Map<Long, double[]> tierSums = sums.computeIfAbsent(tier, name -> new HashMap<>());
            for (long[] range : windows) {
                for (long index = range[0]; index <= range[1]; index++) {
                    double[] service = received.get(index);
                    double x = service == null ? 0 : service[0];
                    double[] sum = tierSums.computeIfAbsent(index, key -> new double[3]);
                    sum[0]++;
                    sum[1] += x;
                    sum[2] += x * x;
                }
            }
        }
        return indices(sums, tierOrder);
    }

    /**
     * Returns the ranges of windows, first and last index inclusive and in ascending order, that lie
     * entirely inside the union of the user's waiting intervals.
     */
    private List<long[]> backloggedWindows(List<JobOutcome> jobs) {
        List<long[]> intervals = new ArrayList<>();
        for (JobOutcome job : jobs) {
            long from = job.job().arrivalMillis();
            long to = job.isStarted() ? job.startMillis() : end;
            if (to > from) {
                intervals.add(new long[] {from, to});
            }
        }
        intervals.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> windows = new ArrayList<>();
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

    private void addCoveredWindows(List<long[]> windows, long from, long to) {
        if (from < 0 || to <= from) {
            return;
        }
        long first = (from + window - 1) / window;
        long last = to / window - 1;
        if (last >= first) {
            windows.add(new long[] {first, last});
        }
    }

    /**
     * Returns the worker time the user's jobs received in each of the given windows, keyed by
     * window index; windows without service are absent.
     */
    private Map<Long, double[]> serviceInWindows(List<JobOutcome> jobs, List<long[]> windows) {
        Map<Long, double[]> received = new HashMap<>();
        for (JobOutcome job : jobs) {
            if (!job.isStarted() || job.serviceMillis() == 0) {
                continue;
            }
            long from = job.startMillis();
            long to = job.finishMillis() >= 0 ? job.finishMillis() : from + job.serviceMillis();
            double rate = (double) job.serviceMillis() / Math.max(1, to - from);
            for (long index = from / window; index * window < to; index++) {
                if (contains(windows, index)) {
                    long overlap = Math.min(to, (index + 1) * window) - Math.max(from, index * window);
                    received.computeIfAbsent(index, key -> new double[1])[0] += overlap * rate;
                }
            }
        }
        return received;
    }

    private static boolean contains(List<long[]> ranges, long index) {
        int low = 0;
        int high = ranges.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long[] range = ranges.get(middle);
            if (index < range[0]) {
                high = middle - 1;
            } else if (index > range[1]) {
                low = middle + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private static Result indices(Map<String, Map<Long, double[]>> sums, List<String> tierOrder) {
        Map<String, Double> byTier = new LinkedHashMap<>();
        double total = 0;
        int count = 0;
        for (String tier : tierOrder) {
            double tierTotal = 0;
            int tierCount = 0;
            for (double[] sum : sums.getOrDefault(tier, Map.of()).values()) {
                if (sum[0] < 2) {
                    continue;
                }
                // Jain's index (sum x)^2 / (n * sum x^2), as JainIndex.of computes it; all zeros count as fair.
                double index = sum[2] == 0 ? 1 : sum[1] * sum[1] / (sum[0] * sum[2]);
                tierTotal += index;
                tierCount++;
            }
            byTier.put(tier, tierCount == 0 ? Double.NaN : tierTotal / tierCount);
            total += tierTotal;
            count += tierCount;
        }
        return new Result(byTier, count == 0 ? Double.NaN : total / count);
    }
}
