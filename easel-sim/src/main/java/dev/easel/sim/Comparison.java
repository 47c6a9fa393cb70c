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
     * @param progress receives one line when a policy's simulation ends and its metrics are being
     *                 computed, and one when both are done
     */
    public static ScenarioResult run(String scenario, Workload workload, SimulationConfig config, List<String> policies,
                                     MetricsCalculator metrics, List<String> tiers, Consumer<String> progress) {
        List<PolicyMetrics> results = new ArrayList<>();
        for (String policy : policies) {
            VirtualClock clock = new VirtualClock();
            Scheduler scheduler = Policies.create(policy, clock, config.tiers());
            SimulationLog log = Simulation.run(policy, scheduler, clock, workload, config);
            progress.accept(String.format("%s/%s: simulated in %.1f s wall, computing metrics", scenario, policy,
                    log.wallMillis() / 1000.0));
            long metricsStart = System.nanoTime();
            PolicyMetrics summary = metrics.summarise(log, tiers);
            summary = summary.withWallSeconds(summary.wallSeconds() + (System.nanoTime() - metricsStart) / 1e9);
            results.add(summary);
            progress.accept(String.format("%s/%s: %d jobs in %.1f virtual hours, %.1f s wall with metrics", scenario, policy,
                    summary.completedJobs(), summary.endHours(), summary.wallSeconds()));
        }
        return new ScenarioResult(scenario, workload.description(), tiers, results);
    }
}
