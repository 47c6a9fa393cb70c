package dev.easel.sim.cli;

import dev.easel.sim.metrics.PolicyMetrics;
import dev.easel.sim.metrics.WaitStats;
import dev.easel.sim.report.ScenarioResult;

/** Formats other users' p95 wait per tier without and with the flooding user, for each policy. */
final class FloodTable {

    private FloodTable() {
    }

    static String format(ScenarioResult base, ScenarioResult flood) {
        StringBuilder text = new StringBuilder("== flood isolation: other users' p95 wait (s) without -> with the flood, and the ratio\n");
        for (PolicyMetrics withoutFlood : base.policies()) {
            PolicyMetrics withFlood = flood.policy(withoutFlood.policy());
            if (withFlood == null) {
                continue;
            }
            text.append(String.format("%-12s", withoutFlood.policy()));
            for (String tier : base.tiers()) {
                WaitStats before = withoutFlood.waitsByTier().get(tier);
                WaitStats after = withFlood.waitsByTier().get(tier);
                text.append(String.format("  %s %.1f -> %.1f (%.2fx)", tier, before.p95(), after.p95(),
                        Math.max(1, after.p95()) / Math.max(1, before.p95())));
            }
            text.append('\n');
        }
        return text.toString();
    }
}
