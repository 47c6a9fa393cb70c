package dev.easel.sim;

import dev.easel.core.schedule.Scheduler;
import dev.easel.sim.engine.Simulation;
import dev.easel.sim.engine.SimulationConfig;
import dev.easel.sim.engine.SimulationLog;
import dev.easel.sim.engine.VirtualClock;
import dev.easel.sim.metrics.MetricsCalculator;
import dev.easel.sim.metrics.PolicyMetrics;
import dev.easel.sim.policy.Policies;
import dev.easel.sim.report.ScenarioResult;
import dev.easel.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs several policies on the same workload and configuration, one after another. */
public final class Comparison {

    private Comparison() {
    }

    /**
     * Runs every policy on a workload.
     *
     * @param scenario short name for the report
     * @param tiers    tier names in report order
     * @param progress receives one line per finished policy run
     */
    public static ScenarioResult run(String scenario, Workload workload, SimulationConfig config, List<String> policies,
                                     MetricsCalculator metrics, List<String> tiers, Consumer<String> progress) {
        List<PolicyMetrics> results = new ArrayList<>();
        for (String policy : policies) {
            VirtualClock clock = new VirtualClock();
            Scheduler scheduler = Policies.create(policy, clock, config.tiers());
            SimulationLog log = Simulation.run(policy, scheduler, clock, workload, config);
            PolicyMetrics summary = metrics.summarise(log, tiers);
            results.add(summary);
            progress.accept(String.format("%s/%s: %d jobs in %.1f virtual hours, %.1f s wall", scenario, policy,
                    summary.completedJobs(), summary.endHours(), summary.wallSeconds()));
        }
        return new ScenarioResult(scenario, workload.description(), tiers, results);
    }
}
