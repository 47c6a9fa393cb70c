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
 * {@code results.csv} and one {@code wait-p95-<scenario>.png} per scenario.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
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

    @Option(names = "--workers", defaultValue = "8", description = "Simulated workers. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--slots", defaultValue = "1", description = "Batches each worker runs at once. Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--max-batch", defaultValue = "4", description = "Largest batch a worker accepts. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--models-per-worker", defaultValue = "1", description = "Base models a worker keeps loaded. Default: ${DEFAULT-VALUE}.")
    int modelsPerWorker;

    @Option(names = "--load", defaultValue = "0.9",
            description = "Offered load of the base and flood scenarios, on the --load-basis. Default: ${DEFAULT-VALUE}.")
    double load;

    @Option(names = "--load-basis", defaultValue = "fifo",
            description = "What --load is relative to: fifo (the capacity FIFO reaches on this workload, model loads included,"
                    + " measured in a run at --backlog-load) or solo (the slots, as if no model were loaded). Default: ${DEFAULT-VALUE}.")
    String loadBasis;

    @Option(names = "--policies", split = ",", description = "Policies to compare, comma-separated. Default: all of ${COMPLETION-CANDIDATES}.",
            completionCandidates = PolicyNames.class)
    List<String> policies;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for report.txt, results.csv and the charts.")
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

    @Option(names = "--jobs", defaultValue = "20000", description = "Jobs of a synthetic workload. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--peak-factor", defaultValue = "8", description = "Bursty workload: peak rate over mean rate. Default: ${DEFAULT-VALUE}.")
    double peakFactor;

    @Option(names = "--peak-fraction", defaultValue = "0.1", description = "Bursty workload: fraction of time at peak rate. Default: ${DEFAULT-VALUE}.")
    double peakFraction;

    @Option(names = "--flood-factor", defaultValue = "10",
            description = "Flooding user's rate over everyone else's combined rate; 0 skips the flood scenario. Default: ${DEFAULT-VALUE}.")
    double floodFactor;

    @Option(names = "--flood-tier", defaultValue = "normal", description = "Tier of the flooding user. Default: ${DEFAULT-VALUE}.")
    String floodTier;

    @Option(names = "--backlog-load", defaultValue = "3",
            description = "Solo load (solo work / (slots x span)) of the sustained-throughput scenario and of the FIFO capacity"
                    + " run; 0 skips the scenario. Default: ${DEFAULT-VALUE}.")
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
            errors.println("easel simulate: " + e.getMessage());
            return 2;
        }
    }

    private int simulate(PrintWriter output, PrintWriter errors) {
        TierMix mix = TierMix.parse(tierMix, seed);
        List<TierConfig> tiers = SimulationTiers.forMix(mix.fractions().keySet(), maxWaitScale);
        List<String> tierOrder = tiers.stream().map(TierConfig::name).toList();
        List<String> policyNames = policies == null ? Policies.names() : policies.stream().map(String::strip).toList();
        for (String name : policyNames) {
            if (!Policies.names().contains(name)) {
                throw new IllegalArgumentException("--policies: unknown policy '" + name + "', expected some of " + Policies.names());
            }
        }
        if (floodFactor > 0 && !tierOrder.contains(floodTier)) {
            throw new IllegalArgumentException("--flood-tier: tier '" + floodTier + "' is not in the tier mix " + tierOrder);
        }

        LoadBasis basis = LoadBasis.parse(loadBasis);
        if (!(load > 0)) {
            throw new IllegalArgumentException("--load must be greater than 0, was " + load);
        }
        WorkloadSource source = workloadSource();
        LoadTimeSource loadTimes = loadLatencies == null ? LoadTimeSource.parametric() : LoadTimeSource.measured(loadLatencies);
        SimulationConfig config = new SimulationConfig(workers, slots, maxBatch, modelsPerWorker, tiers,
                new BatchCostCurve(batchMarginal), loadTimes, seed, etaSampleEvery, tickMillis);
        MetricsCalculator metrics = new MetricsCalculator(fairnessWindowSeconds * 1000, etaFloorSeconds * 1000);

        double calibrationLoad = backlogLoad > 0 ? backlogLoad : DEFAULT_CALIBRATION_LOAD;
        LoadBasis.Resolved resolved = basis.resolve(load, source::at, config, metrics, tierOrder, calibrationLoad,
                line -> progress(errors, line));
        Workload base = source.at(resolved.soloLoad());
        StringBuilder report = new StringBuilder();
        report.append(Assumptions.describe(config, base, resolved.description(), source.shapes(), mix, policyNames,
                fairnessWindowSeconds, etaFloorSeconds));
        output.print(report);
        output.flush();

        List<ScenarioResult> results = new ArrayList<>();
        ScenarioResult baseResult = Comparison.run("base", base, config, policyNames, metrics, tierOrder, line -> progress(errors, line));
        results.add(baseResult);
        ScenarioResult floodResult = null;
        if (floodFactor > 0) {
            Workload flooded = SyntheticWorkloads.withFlood(base, floodFactor, floodTier, source.shapes(), seed);
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

        for (ScenarioResult result : results) {
            report.append('\n').append(TextTable.format(result));
        }
        if (floodResult != null) {
            report.append('\n').append(FloodTable.format(baseResult, floodResult));
        }
        report.append('\n').append(GoalCheck.format(GoalCheck.evaluate(baseResult, floodResult, backlogResult, tiers)));
        output.print(report.substring(report.indexOf("\n== base")));
        output.flush();
        writeFiles(report.toString(), results);
        output.println("\nwrote " + out.resolve("report.txt") + ", " + out.resolve("results.csv") + " and the charts");
        return 0;
    }

    private void writeFiles(String report, List<ScenarioResult> results) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("report.txt"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to " + out + " failed", e);
        }
        CsvReport.write(out.resolve("results.csv"), results);
        for (ScenarioResult result : results) {
            WaitChart.write(out.resolve("wait-p95-" + result.scenario()), result);
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

    private WorkloadSource workloadSource() {
        String kind = workload;
        if (kind.equals("auto")) {
            kind = trace != null ? "trace" : "poisson";
        }
        TierMix mix = TierMix.parse(tierMix, seed);
        List<TraceRequest> requests = trace == null ? List.of() : limited(TraceReader.read(trace));
        List<JobShape> traceShapes = requests.isEmpty() ? List.of() : TraceShapes.of(requests);
        ShapeSource shapes = traceShapes.isEmpty() ? ShapeSource.parametric() : ShapeSource.resampling(traceShapes);
        return switch (kind) {
            case "trace" -> {
                if (trace == null) {
                    throw new IllegalArgumentException("--workload trace needs --trace FILE");
                }
                yield source(targetLoad -> TraceReplay.replay(requests, traceShapes, targetLoad, workers, mix), shapes);
            }
            case "poisson" -> source(targetLoad -> SyntheticWorkloads.poisson(users, jobs, targetLoad, workers, shapes, mix, seed), shapes);
            case "bursty" -> source(targetLoad -> SyntheticWorkloads.bursty(users, jobs, targetLoad, workers, shapes, mix, seed,
                    peakFactor, peakFraction), shapes);
            default -> throw new IllegalArgumentException("--workload: unknown workload '" + workload
                    + "', expected trace, poisson, bursty or auto");
        };
    }

    private List<TraceRequest> limited(List<TraceRequest> requests) {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (all) or more, was " + limit);
        }
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
