package dev.easel.sim.metrics;

import dev.easel.sim.engine.BatchRecord;
import dev.easel.sim.engine.JobOutcome;
import dev.easel.sim.engine.SimulationLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Summarises a {@link SimulationLog} into {@link PolicyMetrics}.
 *
 * <p>Slot-time fractions (utilisation, load, idle while runnable) are over the run from time 0 to
 * its end, with batches still running at the end clipped there. ETA error of a job is
 * {@code |projected wait - real wait| / max(real wait, floor)}, where both waits run from arrival to
 * the decision that started the job; the floor keeps jobs that start at once from dividing by
 * zero.
 */
public final class MetricsCalculator {

    private final long fairnessWindowMillis;
    private final long etaFloorMillis;

    /**
     * @param fairnessWindowMillis length of the windows Jain's index is computed over
     * @param etaFloorMillis       smallest denominator of the relative ETA error
     */
    public MetricsCalculator(long fairnessWindowMillis, long etaFloorMillis) {
        if (fairnessWindowMillis < 1) {
            throw new IllegalArgumentException("fairness window must be at least 1 ms, was " + fairnessWindowMillis);
        }
        if (etaFloorMillis < 1) {
            throw new IllegalArgumentException("ETA floor must be at least 1 ms, was " + etaFloorMillis);
        }
        this.fairnessWindowMillis = fairnessWindowMillis;
        this.etaFloorMillis = etaFloorMillis;
    }

    /**
     * Summarises one run.
     *
     * @param tierOrder tiers in the order the report lists them
     */
    public PolicyMetrics summarise(SimulationLog log, List<String> tierOrder) {
        long end = Math.max(1, log.endMillis());
        double slotMillis = (double) log.slotCount() * end;
        double endHours = end / 3_600_000.0;
        long completed = log.jobs().stream().filter(job -> job.finishMillis() >= 0 && job.finishMillis() <= end).count();
        long unfinished = log.jobs().stream().filter(job -> !job.job().flood() && !job.isRejected() && job.finishMillis() < 0).count();
        long rejected = log.jobs().stream().filter(JobOutcome::isRejected).count();
        double backlogHours = log.backlogMillis() / 3_600_000.0;
        EtaErrors eta = etaErrors(log.jobs());
        FairnessWindows.Result fairness = new FairnessWindows(fairnessWindowMillis, end).measure(log.jobs(), tierOrder);

        return new PolicyMetrics(
                log.policy(),
                waitsByTier(log.jobs(), tierOrder),
                waits(log.jobs(), job -> !job.job().flood()),
                waits(log.jobs(), job -> job.job().flood()),
                completed,
                unfinished,
                rejected,
                completed / endHours,
                backlogHours == 0 ? Double.NaN : log.backlogCompletedJobs() / backlogHours,
                log.backlogMillis() == 0 ? Double.NaN : (double) log.backlogCompletedSoloMillis() / log.backlogMillis(),
                clippedRunMillis(log.batches(), end) / slotMillis,
                clippedLoadMillis(log.batches(), end) / slotMillis,
                log.idleRunnableSlotMillis() / slotMillis,
                fairness.byTier(),
                fairness.mean(),
                batchSizes(log.batches()),
                log.batches().stream().filter(batch -> batch.loadMillis() > 0).count(),
                eta.all().length,
                Percentiles.of(eta.all(), 50),
                Percentiles.of(eta.all(), 90),
                eta.queued().length,
                Percentiles.of(eta.queued(), 50),
                Percentiles.of(eta.queued(), 90),
                log.decideCalls() == 0 ? 0 : log.decideNanos() / 1000.0 / log.decideCalls(),
                log.wallMillis() / 1000.0,
                endHours);
    }

    private static Map<String, WaitStats> waitsByTier(List<JobOutcome> jobs, List<String> tierOrder) {
        Map<String, WaitStats> result = new LinkedHashMap<>();
        for (String tier : tierOrder) {
            result.put(tier, waits(jobs, job -> !job.job().flood() && job.job().job().tier().equals(tier)));
        }
        return result;
    }

    private static WaitStats waits(List<JobOutcome> jobs, java.util.function.Predicate<JobOutcome> filter) {
        double[] waits = jobs.stream()
                .filter(JobOutcome::isStarted)
                .filter(filter)
                .mapToDouble(job -> job.waitMillis() / 1000.0)
                .toArray();
        return WaitStats.of(waits);
    }

    private record EtaErrors(double[] all, double[] queued) {
    }

    private EtaErrors etaErrors(List<JobOutcome> jobs) {
        List<Double> all = new ArrayList<>();
        List<Double> queued = new ArrayList<>();
        for (JobOutcome job : jobs) {
            if (job.projectedStartMillis() < 0 || !job.isStarted() || job.job().flood()) {
                continue;
            }
            long realWait = job.waitMillis();
            long projectedWait = job.projectedStartMillis() - job.job().arrivalMillis();
            double error = Math.abs(projectedWait - realWait) / (double) Math.max(realWait, etaFloorMillis);
            all.add(error);
            if (realWait >= etaFloorMillis) {
                queued.add(error);
            }
        }
        return new EtaErrors(all.stream().mapToDouble(Double::doubleValue).toArray(),
                queued.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static SortedMap<Integer, Long> batchSizes(List<BatchRecord> batches) {
        TreeMap<Integer, Long> sizes = new TreeMap<>();
        for (BatchRecord batch : batches) {
            sizes.merge(batch.size(), 1L, Long::sum);
        }
        return sizes;
    }

    private static double clippedRunMillis(List<BatchRecord> batches, long end) {
        double total = 0;
        for (BatchRecord batch : batches) {
            long runStart = batch.startMillis() + batch.loadMillis();
            total += Math.max(0, Math.min(end, batch.finishMillis()) - runStart);
        }
        return total;
    }

    private static double clippedLoadMillis(List<BatchRecord> batches, long end) {
        double total = 0;
        for (BatchRecord batch : batches) {
            long loadEnd = batch.startMillis() + batch.loadMillis();
            total += Math.max(0, Math.min(end, loadEnd) - batch.startMillis());
        }
        return total;
    }
}
