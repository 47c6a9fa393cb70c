package dev.easel.sim.cli;

import dev.easel.sim.policy.Policies;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the options of {@code easel simulate} before anything runs, so that a bad value costs no
 * simulation time and ends in one line of the form {@code invalid NAME VALUE: RULE}.
 *
 * <p>The upper limits keep every run within memory and within the range of a {@code long}
 * millisecond clock. They are far above the production trace (26,823 requests, 23 days) and the
 * defaults. A run at a limit still takes a long time, but it finishes and prints progress.
 */
final class OptionChecks {

    static final int MAX_WORKERS = 10_000;
    static final int MAX_SLOTS = 64;
    static final int MAX_BATCH = 1_024;
    static final int MAX_MODELS_PER_WORKER = 1_024;
    static final int MAX_JOBS = 1_000_000;
    static final int MAX_USERS = 1_000_000;
    static final double MIN_LOAD = 0.001;
    static final double MAX_LOAD = 1_000;
    static final double MAX_FLOOD_FACTOR = 100;
    /** Largest number of jobs the flood scenario may add, because each one is held in memory. */
    static final long MAX_FLOOD_JOBS = 5_000_000;
    static final long MAX_FAIRNESS_WINDOW_SECONDS = 30L * 24 * 3600;
    static final long MAX_ETA_FLOOR_SECONDS = 24 * 3600;
    static final long MAX_TICK_MILLIS = 3_600_000;

    private OptionChecks() {
    }

    /** Checks every option whose rule does not depend on a file. */
    static void check(SimulateCommand command) {
        intRange("--workers", command.workers, 1, MAX_WORKERS);
        intRange("--slots", command.slots, 1, MAX_SLOTS);
        intRange("--max-batch", command.maxBatch, 1, MAX_BATCH);
        intRange("--models-per-worker", command.modelsPerWorker, 1, MAX_MODELS_PER_WORKER);
        intRange("--users", command.users, 1, MAX_USERS);
        intRange("--jobs", command.jobs, 1, MAX_JOBS);
        intRange("--limit", command.limit, 0, Integer.MAX_VALUE);
        intRange("--eta-sample-every", command.etaSampleEvery, 0, Integer.MAX_VALUE);
        longRange("--fairness-window", command.fairnessWindowSeconds, 1, MAX_FAIRNESS_WINDOW_SECONDS, " seconds");
        longRange("--eta-floor", command.etaFloorSeconds, 1, MAX_ETA_FLOOR_SECONDS, " seconds");
        longRange("--tick", command.tickMillis, 1, MAX_TICK_MILLIS, " ms");

        load("--load", command.load, false);
        load("--backlog-load", command.backlogLoad, true);
        if (!(command.floodFactor >= 0 && command.floodFactor <= MAX_FLOOD_FACTOR)) {
            throw invalid("--flood-factor", command.floodFactor,
                    "must be 0 (no flood scenario) or a number up to " + plain(MAX_FLOOD_FACTOR));
        }
        if (!(command.batchMarginal >= 0 && command.batchMarginal <= 1)) {
            throw invalid("--batch-marginal", command.batchMarginal, "must be between 0 and 1");
        }
        if (!(command.maxWaitScale > 0)) {
            throw invalid("--max-wait-scale", command.maxWaitScale, "must be greater than 0");
        }
        if (!(command.peakFactor >= 1 && Double.isFinite(command.peakFactor))) {
            throw invalid("--peak-factor", command.peakFactor, "must be a finite number of at least 1");
        }
        if (!(command.peakFraction > 0 && command.peakFraction < 1)) {
            throw invalid("--peak-fraction", command.peakFraction, "must be between 0 and 1, both excluded");
        }
        if (!(command.peakFactor * command.peakFraction < 1)) {
            throw new IllegalArgumentException("invalid --peak-factor " + plain(command.peakFactor) + " with --peak-fraction "
                    + plain(command.peakFraction) + ": their product must be below 1, or the quiet phases would need a negative rate");
        }
    }

    /**
     * Returns the policy names given, stripped, or every policy when none is given.
     *
     * @throws IllegalArgumentException when a name is unknown or given twice
     */
    static List<String> policies(List<String> given) {
        if (given == null) {
            return Policies.names();
        }
        List<String> names = given.stream().map(String::strip).toList();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!Policies.names().contains(name)) {
                throw invalid("--policies", String.join(",", given), "unknown policy '" + name + "', expected some of "
                        + Policies.names());
            }
            if (!seen.add(name)) {
                throw invalid("--policies", String.join(",", given), "policy '" + name + "' is given twice");
            }
        }
        return names;
    }

    /**
     * Checks that the flood scenario stays within {@link #MAX_FLOOD_JOBS} added jobs.
     *
     * @param baseJobs jobs of the base workload, which the flood rate is a multiple of
     */
    static void floodSize(double floodFactor, int baseJobs) {
        double floodJobs = floodFactor * baseJobs;
        if (floodJobs > MAX_FLOOD_JOBS) {
            throw invalid("--flood-factor", floodFactor, String.format(Locale.ROOT,
                    "it would add about %.0f flood jobs to the %d of the workload, more than the limit of %d;"
                            + " lower --flood-factor, --jobs or --limit", floodJobs, baseJobs, MAX_FLOOD_JOBS));
        }
    }

    static IllegalArgumentException invalid(String option, Object value, String rule) {
        String text = value instanceof Double number ? plain(number) : String.valueOf(value);
        return new IllegalArgumentException("invalid " + option + " " + text + ": " + rule);
    }

    private static void load(String option, double value, boolean zeroSkips) {
        if (zeroSkips && value == 0) {
            return;
        }
        if (!(value >= MIN_LOAD && value <= MAX_LOAD)) {
            String range = "between " + plain(MIN_LOAD) + " and " + plain(MAX_LOAD);
            throw invalid(option, value, zeroSkips ? "must be 0 (skip the scenario) or a load " + range : "must be a load " + range);
        }
    }

    private static void intRange(String option, int value, int min, int max) {
        longRange(option, value, min, max, "");
    }

    private static void longRange(String option, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            String rule = max == Integer.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max + unit;
            throw invalid(option, value, rule);
        }
    }

    static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
