package dev.easel.sim.report;

import dev.easel.sim.metrics.PolicyMetrics;
import java.util.List;

/**
 * Every policy's metrics on one workload.
 *
 * @param scenario    short name, for example {@code base}, {@code flood} or {@code backlog}
 * @param description the workload's description
 * @param tiers       tier names in report order
 * @param policies    metrics per policy, in the order requested
 */
public record ScenarioResult(String scenario, String description, List<String> tiers, List<PolicyMetrics> policies) {

    public ScenarioResult {
        tiers = List.copyOf(tiers);
        policies = List.copyOf(policies);
    }

    /** Returns the metrics of a policy, or {@code null} when it was not run. */
    public PolicyMetrics policy(String name) {
        return policies.stream().filter(metrics -> metrics.policy().equals(name)).findFirst().orElse(null);
    }
}
