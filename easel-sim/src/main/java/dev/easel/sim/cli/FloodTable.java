package dev.easel.sim.cli;

import dev.easel.sim.metrics.PolicyMetrics;
import dev.easel.sim.metrics.WaitStats;
import dev.easel.sim.report.ScenarioResult;
import java.util.ArrayList;
import java.util.List;

/** Formats other users' p95 wait per tier without and with the flooding user, for each policy. */
final class FloodTable {

    /**
     * One policy's and tier's p95 wait of the other users without and with the flood.
     *
     * @param ratio {@code max(1, with) / max(1, without)}, so a p95 below one second on both sides
     *              counts as no change
     */
    record Ratio(String policy, String tier, double withoutSeconds, double withSeconds, double ratio) {
    }

    private FloodTable() {
    }

    static List<Ratio> ratios(ScenarioResult base, ScenarioResult flood) {
        List<Ratio> ratios = new ArrayList<>();
        for (PolicyMetrics withoutFlood : base.policies()) {
            PolicyMetrics withFlood = flood.policy(withoutFlood.policy());
            if (withFlood == null) {
                continue;
            }
            for (String tier : base.tiers()) {
                WaitStats before = withoutFlood.waitsByTier().get(tier);
                WaitStats after = withFlood.waitsByTier().get(tier);
                ratios.add(new Ratio(withoutFlood.policy(), tier, before.p95(), after.p95(),
                        Math.max(1, after.p95()) / Math.max(1, before.p95())));
            }
        }
        return ratios;
    }

    static String format(ScenarioResult base, ScenarioResult flood) {
        StringBuilder text = new StringBuilder("== flood isolation: other users' p95 wait (s) without -> with the flood, and the ratio\n");
        String policy = null;
        for (Ratio ratio : ratios(base, flood)) {
            if (!ratio.policy().equals(policy)) {
                if (policy != null) {
                    text.append('\n');
                }
                policy = ratio.policy();
                text.append(String.format("%-12s", policy));
            }
            text.append(String.format("  %s %.1f -> %.1f (%.2fx)", ratio.tier(), ratio.withoutSeconds(), ratio.withSeconds(),
                    ratio.ratio()));
        }
        if (policy != null) {
            text.append('\n');
        }
        return text.toString();
    }
}
