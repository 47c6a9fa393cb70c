package dev.easel.sim.cli;

import dev.easel.core.schedule.TierConfig;
import dev.easel.sim.Comparison;
import dev.easel.sim.engine.SimulationConfig;
import dev.easel.sim.metrics.MetricsCalculator;
import dev.easel.sim.policy.Policies;
import dev.easel.sim.report.CsvReport;
import dev.easel.sim.report.GoalCheck;
import dev.easel.sim.report.ScenarioResult;
import dev.easel.sim.report.TextTable;
import dev.easel.sim.report.WaitChart;
import dev.easel.sim.service.BatchCostCurve;
import dev.easel.sim.service.LoadTimeSource;
import dev.easel.sim.workload.JobShape;
import dev.easel.sim.workload.ShapeSource;
import dev.easel.sim.workload.SyntheticWorkloads;
import dev.easel.sim.workload.TierMix;
import dev.easel.sim.workload.TraceReader;
import dev.easel.sim.workload.TraceReplay;
import dev.easel.sim.workload.TraceRequest;
import dev.easel.sim.workload.TraceShapes;
import dev.easel.sim.workload.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code easel simulate}: replays a workload in virtual time on simulated workers under several
 * scheduling policies and reports them side by side.
 *
 * <p>Three scenarios run by default: {@code base} (the workload at {@code --load}), {@code flood}
 * (the same workload plus one user flooding at {@code --flood-factor} times everyone else's
 * combined rate) and {@code backlog} (the workload at {@code --backlog-load}, above capacity, for
 * sustained throughput). Output goes to the terminal and to {@code --out}: {@code report.txt},
 * {@code results.csv} and one {@code wait-p95-<scenario>.png} per scenario, after the files of
 * those names that an earlier run left there are deleted.
 *
 * <p>Bad input ends in one {@code error: invalid NAME VALUE: RULE} line and exit code 2, before any
 * simulation runs (a file's error names its line and column instead); a failed write exits 1.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = SimulatorVersion.class,
        description = "Compare scheduling policies on a workload in virtual time.")
public final class SimulateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--trace", paramLabel = "FILE", description = "Request trace CSV (GenTD26 layout). Without it, a synthetic workload runs.")
    Path trace;

    @Option(names = "--load-latencies", paramLabel = "FILE",
            description = "Model load latency CSV (kind,latency_ms). Without it, a parametric distribution is used.")
    Path loadLatencies;

    @Option(names = "--workload", defaultValue = "auto", description = "trace, poisson or bursty; auto means trace when --trace is given, else poisson. Default: ${DEFAULT-VALUE}.")
    String workload;

    @Option(names = "--workers", defaultValue = "8", description = "Simulated workers, 1 to 10000. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--slots", defaultValue = "1", description = "Batches each worker runs at once, 1 to 64; the load counts workers x slots. Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--max-batch", defaultValue = "4", description = "Largest batch a worker accepts. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--models-per-worker", defaultValue = "1", description = "Base models a worker keeps loaded. Default: ${DEFAULT-VALUE}.")
    int modelsPerWorker;

    @Option(names = "--load", defaultValue = "0.9",
            description = "Offered load of the base and flood scenarios, on the --load-basis, 0.001 to 1000. Default: ${DEFAULT-VALUE}.")
    double load;

    @Option(names = "--load-basis", defaultValue = "fifo",
            description = "What --load is relative to: fifo (the capacity FIFO reaches on this workload, model loads included,"
                    + " measured in a FIFO run at --backlog-load, or at solo load 3 when --backlog-load is 0) or solo"
                    + " (the slots, as if no model were loaded). Default: ${DEFAULT-VALUE}.")
    String loadBasis;

    @Option(names = "--policies", split = ",", description = "Policies to compare, comma-separated. Default: all of ${COMPLETION-CANDIDATES}.",
            completionCandidates = PolicyNames.class)
    List<String> policies;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for report.txt, results.csv and the charts; an earlier run's copies of these files are replaced.")
    Path out;

    @Option(names = "--tier-mix", defaultValue = "high=0.2,normal=0.5,low=0.3",
            description = "Fraction of users per tier. Default: ${DEFAULT-VALUE}.")
    String tierMix;

    @Option(names = "--max-wait-scale", defaultValue = "1",
            description = "Multiplies every tier's maximum wait, for what-if runs; a huge value switches deadline promotion off. Default: ${DEFAULT-VALUE}.")
    double maxWaitScale;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for tiers, synthetic arrivals and load times. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--batch-marginal", defaultValue = "0.7",
            description = "Cost of each extra job in a batch, as a fraction of its solo run time (1 = no gain). Default: ${DEFAULT-VALUE}.")
    double batchMarginal;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N trace requests (0 = all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--users", defaultValue = "200", description = "Users of a synthetic workload. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--jobs", defaultValue = "20000", description = "Jobs of a synthetic workload, 1 to 1000000. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--peak-factor", defaultValue = "8", description = "Bursty workload: peak rate over mean rate. Default: ${DEFAULT-VALUE}.")
    double peakFactor;

    @Option(names = "--peak-fraction", defaultValue = "0.1", description = "Bursty workload: fraction of time at peak rate. Default: ${DEFAULT-VALUE}.")
    double peakFraction;

    @Option(names = "--flood-factor", defaultValue = "10",
            description = "Flooding user's rate over everyone else's combined rate, up to 100; 0 skips the flood scenario. Default: ${DEFAULT-VALUE}.")
    double floodFactor;

    @Option(names = "--flood-tier", defaultValue = "normal", description = "Tier of the flooding user. Default: ${DEFAULT-VALUE}.")
    String floodTier;

    @Option(names = "--backlog-load", defaultValue = "3",
            description = "Solo load (solo work / (slots x span)) of the sustained-throughput scenario and of the FIFO capacity"
                    + " run; 0 skips the scenario, and the capacity run of --load-basis fifo then runs at solo load 3."
                    + " Default: ${DEFAULT-VALUE}.")
    double backlogLoad;

    @Option(names = "--fairness-window", defaultValue = "300", description = "Window of Jain's index, in seconds. Default: ${DEFAULT-VALUE}.")
    long fairnessWindowSeconds;

    @Option(names = "--eta-floor", defaultValue = "5",
            description = "Smallest denominator of the relative ETA error, in seconds. Default: ${DEFAULT-VALUE}.")
    long etaFloorSeconds;

    @Option(names = "--eta-sample-every", defaultValue = "10",
            description = "Ask for the ETA of every n-th job at submit (1 = all, 0 = none). Default: ${DEFAULT-VALUE}.")
    int etaSampleEvery;

    @Option(names = "--tick", defaultValue = "1000",
            description = "Re-decide after this many ms while a worker idles with runnable work queued. Default: ${DEFAULT-VALUE}.")
    long tickMillis;

    /** Solo load of the FIFO capacity run when the backlog scenario is skipped. */
    private static final double DEFAULT_CALIBRATION_LOAD = 3;

    /** Lists the policy names for picocli's help text. */
    static final class PolicyNames extends ArrayList<String> {
        PolicyNames() {
            super(Policies.names());
        }
    }

    @Override
    public Integer call() {
        PrintWriter output = spec.commandLine().getOut();
        PrintWriter errors = spec.commandLine().getErr();
        try {
            return simulate(output, errors);
        } catch (IllegalArgumentException e) {
            errors.println("error: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            errors.println("error: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        } finally {
            errors.flush();
        }
    }

    private int simulate(PrintWriter output, PrintWriter errors) {
        // 1. Check every option and the output folder before any simulation time is spent.
        OptionChecks.check(this);
        List<String> policyNames = OptionChecks.policies(policies);
        TierMix mix = tierMix();
        List<TierConfig> tiers = SimulationTiers.forMix(mix.fractions().keySet(), maxWaitScale);
        List<String> tierOrder = tiers.stream().map(TierConfig::name).toList();
        if (floodFactor > 0 && !tierOrder.contains(floodTier)) {
            throw OptionChecks.invalid("--flood-tier", floodTier, "the tier is not in the tier mix " + tierOrder);
        }
        LoadBasis basis = LoadBasis.parse(loadBasis);
        OutputFolder.prepare(out);

        // 2. Read the files and resolve the load.
        WorkloadSource source = workloadSource(mix);
        LoadTimeSource loadTimes = loadLatencies == null ? LoadTimeSource.parametric() : LoadTimeSource.measured(loadLatencies);
        SimulationConfig config = new SimulationConfig(workers, slots, maxBatch, modelsPerWorker, tiers,
                new BatchCostCurve(batchMarginal), loadTimes, seed, etaSampleEvery, tickMillis);
        MetricsCalculator metrics = new MetricsCalculator(fairnessWindowSeconds * 1000, etaFloorSeconds * 1000);
        double calibrationLoad = backlogLoad > 0 ? backlogLoad : DEFAULT_CALIBRATION_LOAD;
        LoadBasis.Resolved resolved = basis.resolve(load, source::at, config, metrics, tierOrder, calibrationLoad,
                backlogLoad > 0, line -> progress(errors, line));
        Workload base = source.at(resolved.soloLoad());
        Workload flooded = null;
        if (floodFactor > 0) {
            OptionChecks.floodSize(floodFactor, base.jobs().size());
            flooded = SyntheticWorkloads.withFlood(base, floodFactor, floodTier, source.shapes(), seed);
        }

        // 3. Print the assumptions, then run the scenarios.
        StringBuilder report = new StringBuilder(runHeader());
        report.append(Assumptions.describe(config, base, resolved.description(), source.shapes(), mix, policyNames,
                fairnessWindowSeconds, etaFloorSeconds));
        output.print(report);
        output.flush();
        List<ScenarioResult> results = new ArrayList<>();
        ScenarioResult baseResult = Comparison.run("base", base, config, policyNames, metrics, tierOrder, line -> progress(errors, line));
        results.add(baseResult);
        ScenarioResult floodResult = null;
        if (flooded != null) {
            floodResult = Comparison.run("flood", flooded, config.withEtaSampleEvery(0), policyNames, metrics, tierOrder,
                    line -> progress(errors, line));
            results.add(floodResult);
        }
        ScenarioResult backlogResult = null;
        if (backlogLoad > 0) {
            backlogResult = Comparison.run("backlog", source.at(backlogLoad), config.withEtaSampleEvery(0), policyNames, metrics,
                    tierOrder, line -> progress(errors, line));
            results.add(backlogResult);
        }

        // 4. Report on the terminal and in the folder.
        for (ScenarioResult result : results) {
            report.append('\n').append(TextTable.format(result));
        }
        if (floodResult != null) {
            report.append('\n').append(FloodTable.format(baseResult, floodResult));
        }
        List<GoalCheck.Verdict> verdicts = GoalCheck.evaluate(baseResult, floodResult, backlogResult, tiers);
        report.append('\n').append(GoalCheck.format(verdicts));
        output.print(report.substring(report.indexOf("\n== base")));
        output.flush();
        List<CsvReport.Row> extraRows = new ArrayList<>();
        if (floodResult != null) {
            extraRows.addAll(floodRows(FloodTable.ratios(baseResult, floodResult)));
        }
        extraRows.addAll(goalRows(verdicts));
        writeFiles(report.toString(), results, extraRows, chartLabels(base.name(), basis));
        output.println("\nwrote " + out.resolve(OutputFolder.REPORT) + ", " + out.resolve(OutputFolder.RESULTS) + " and the charts");
        return 0;
    }

    private TierMix tierMix() {
        try {
            TierMix mix = TierMix.parse(tierMix, seed);
            SimulationTiers.checkNames(mix.fractions().keySet());
            return mix;
        } catch (IllegalArgumentException e) {
            throw OptionChecks.invalid("--tier-mix", tierMix, e.getMessage());
        }
    }

    /** Returns the report's first section: the command line, seed and version, so a run can be repeated. */
    private String runHeader() {
        List<String> arguments = spec.commandLine().getParseResult() == null
                ? List.of() : spec.commandLine().getParseResult().originalArgs();
        return "== run\n"
                + "- command: easel simulate " + String.join(" ", arguments.stream().map(SimulateCommand::quoted).toList()) + "\n"
                + "- seed: " + seed + "\n"
                + "- version: " + SimulatorVersion.of(spec) + "\n\n";
    }

    private static String quoted(String argument) {
        boolean plain = !argument.isEmpty() && argument.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=.,/:+".indexOf(c) >= 0);
        return plain ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }

    private static List<CsvReport.Row> floodRows(List<FloodTable.Ratio> ratios) {
        return ratios.stream()
                .map(ratio -> new CsvReport.Row("flood-isolation", ratio.policy(),
                        "others' p95 wait with / without flood " + ratio.tier(), ratio.ratio()))
                .toList();
    }

    /** Returns two rows per goal: the value achieved, and 1 when the goal was met or 0 when missed. */
    private static List<CsvReport.Row> goalRows(List<GoalCheck.Verdict> verdicts) {
        List<CsvReport.Row> rows = new ArrayList<>();
        for (GoalCheck.Verdict verdict : verdicts) {
            rows.add(new CsvReport.Row("goals", verdict.policy(), verdict.goal(), verdict.amount()));
            rows.add(new CsvReport.Row("goals", verdict.policy(), verdict.goal() + " met", verdict.met() ? 1 : 0));
        }
        return rows;
    }

    /** Returns the workload and load of each scenario, for the chart titles. */
    private Map<String, String> chartLabels(String workloadName, LoadBasis basis) {
        String loadLabel = String.format(Locale.ROOT, "%s, load %s (%s basis)", workloadName, OptionChecks.plain(load),
                basis.name().toLowerCase(Locale.ROOT));
        return Map.of("base", loadLabel,
                "flood", loadLabel + ", flood factor " + OptionChecks.plain(floodFactor),
                "backlog", workloadName + ", solo load " + OptionChecks.plain(backlogLoad));
    }

    private void writeFiles(String report, List<ScenarioResult> results, List<CsvReport.Row> extraRows, Map<String, String> labels) {
        OutputFolder.removeEarlierOutputs(out);
        try {
            Files.writeString(out.resolve(OutputFolder.REPORT), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + out.resolve(OutputFolder.REPORT) + " failed", e);
        }
        CsvReport.write(out.resolve(OutputFolder.RESULTS), results, extraRows);
        for (ScenarioResult result : results) {
            WaitChart.write(out.resolve(OutputFolder.CHART_PREFIX + result.scenario()), result, labels.get(result.scenario()));
        }
    }

    private static void progress(PrintWriter errors, String line) {
        errors.println(line);
        errors.flush();
    }

    // ---- Workloads -------------------------------------------------------------------------

    /** Builds the chosen workload at any load, so that every scenario uses the same kind. */
    private interface WorkloadSource {
        Workload at(double load);

        ShapeSource shapes();
    }

    private WorkloadSource workloadSource(TierMix mix) {
        String kind = workload;
        if (kind.equals("auto")) {
            kind = trace != null ? "trace" : "poisson";
        }
        if (!List.of("trace", "poisson", "bursty").contains(kind)) {
            throw OptionChecks.invalid("--workload", workload, "expected trace, poisson, bursty or auto");
        }
        if (kind.equals("trace") && trace == null) {
            throw new IllegalArgumentException("invalid --workload trace: it needs --trace FILE");
        }
        // Capacity is counted in slots, so that --slots 2 doubles the arrival rate at the same load.
        int capacity = workers * slots;
        List<TraceRequest> requests = trace == null ? List.of() : limited(TraceReader.read(trace));
        List<JobShape> traceShapes = requests.isEmpty() ? List.of() : TraceShapes.of(requests);
        ShapeSource shapes = traceShapes.isEmpty() ? ShapeSource.parametric() : ShapeSource.resampling(traceShapes);
        return switch (kind) {
            case "trace" -> source(targetLoad -> TraceReplay.replay(requests, traceShapes, targetLoad, capacity, mix), shapes);
            case "poisson" -> source(targetLoad -> SyntheticWorkloads.poisson(users, jobs, targetLoad, capacity, shapes, mix, seed), shapes);
            default -> source(targetLoad -> SyntheticWorkloads.bursty(users, jobs, targetLoad, capacity, shapes, mix, seed,
                    peakFactor, peakFraction), shapes);
        };
    }

    private List<TraceRequest> limited(List<TraceRequest> requests) {
        return limit == 0 || limit >= requests.size() ? requests : requests.subList(0, limit);
    }

    private static WorkloadSource source(java.util.function.DoubleFunction<Workload> build, ShapeSource shapes) {
        return new WorkloadSource() {
            @Override
            public Workload at(double targetLoad) {
                return build.apply(targetLoad);
            }

            @Override
            public ShapeSource shapes() {
                return shapes;
            }
        };
    }

    /** Runs the command on its own, outside the {@code easel} launcher. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }
}
