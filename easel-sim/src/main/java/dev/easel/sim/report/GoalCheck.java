package dev.easel.sim.report;

import dev.easel.core.schedule.TierConfig;
import dev.easel.sim.metrics.PolicyMetrics;
import dev.easel.sim.metrics.WaitStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks Easel's policy against the scheduler's performance goals and formats the verdicts.
 *
 * <p>The goals are Easel's, so only the {@value #CHECKED_POLICY} policy is checked; the baselines
 * appear in the goals only as the reference some goals are relative to.
 *
 * <p>The goals: {@code high} p95 wait at most 0.3 times FIFO's; {@code low} p99 wait within the
 * low tier's maximum wait; with a flooding user, every other tier's p95 wait within 1.1 times the
 * same run without the flood; work rate under a permanent backlog at least 1.5 times FIFO's;
 * slots idle while work they could run is queued under 2 % of slot time; ETA error median at
 * most 15 % and 90th percentile at most 35 %. A goal whose scenario was not run is skipped.
 */
public final class GoalCheck {

    /**
     * One verdict.
     *
     * @param goal   what is required
     * @param policy the policy checked
     * @param value  what it achieved, as text
     * @param amount what it achieved, as a number in the unit of {@code value}
     * @param met    whether the goal holds
     */
    public record Verdict(String goal, String policy, String value, double amount, boolean met) {
    }

    /** The policy whose goals these are. */
    public static final String CHECKED_POLICY = "easel";

    private GoalCheck() {
    }

    /**
     * Evaluates Easel's policy; returns no verdicts when it was not run.
     *
     * @param base    the main scenario
     * @param flood   the same workload with a flooding user, or {@code null}
     * @param backlog the workload at a load above capacity, or {@code null}
     */
    public static List<Verdict> evaluate(ScenarioResult base, ScenarioResult flood, ScenarioResult backlog, List<TierConfig> tiers) {
        List<Verdict> verdicts = new ArrayList<>();
        PolicyMetrics fifo = base.policy("fifo");
        PolicyMetrics metrics = base.policy(CHECKED_POLICY);
        if (metrics == null) {
            return verdicts;
        }
        String policy = metrics.policy();
        if (fifo != null && metrics.waitsByTier().containsKey("high")) {
            double ratio = p95(metrics, "high") / p95(fifo, "high");
            verdicts.add(new Verdict("high p95 wait <= 0.3x FIFO", policy, String.format("%.2fx", ratio), ratio, ratio <= 0.3));
        }
        tiers.stream().filter(tier -> tier.name().equals("low")).findFirst().ifPresent(low -> {
            double p99 = metrics.waitsByTier().get("low").p99();
            double limit = low.maxWaitMillis() / 1000.0;
            verdicts.add(new Verdict(String.format("low p99 wait <= %.0f s", limit), policy,
                    String.format("%.0f s", p99), p99, p99 <= limit));
        });
        if (flood != null && flood.policy(policy) != null) {
            double worst = worstFloodRatio(metrics, flood.policy(policy));
            verdicts.add(new Verdict("others' p95 wait with flood <= 1.1x without", policy,
                    String.format("%.2fx (worst tier)", worst), worst, worst <= 1.1));
        }
        if (backlog != null && backlog.policy(policy) != null && backlog.policy("fifo") != null) {
            double ratio = backlog.policy(policy).backlogWorkRate() / backlog.policy("fifo").backlogWorkRate();
            verdicts.add(new Verdict("backlogged work rate >= 1.5x FIFO", policy, String.format("%.2fx", ratio), ratio,
                    ratio >= 1.5));
        }
        verdicts.add(new Verdict("idle while runnable < 2 %", policy,
                String.format("%.2f %%", 100 * metrics.idleRunnableFraction()), 100 * metrics.idleRunnableFraction(),
                metrics.idleRunnableFraction() < 0.02));
        verdicts.add(new Verdict("ETA error median <= 15 %", policy,
                String.format("%.1f %%", 100 * metrics.etaMedianError()), 100 * metrics.etaMedianError(),
                metrics.etaMedianError() <= 0.15));
        verdicts.add(new Verdict("ETA error p90 <= 35 %", policy,
                String.format("%.1f %%", 100 * metrics.etaP90Error()), 100 * metrics.etaP90Error(),
                metrics.etaP90Error() <= 0.35));
        return verdicts;
    }

    /** Returns the largest ratio, over tiers, of other users' p95 wait with the flood to without it. */
    static double worstFloodRatio(PolicyMetrics withoutFlood, PolicyMetrics withFlood) {
        double worst = 0;
        for (Map.Entry<String, WaitStats> tier : withoutFlood.waitsByTier().entrySet()) {
            WaitStats flooded = withFlood.waitsByTier().get(tier.getKey());
            if (tier.getValue().jobs() == 0 || flooded == null || flooded.jobs() == 0) {
                continue;
            }
            // A p95 below one second on both sides is noise, not a slowdown.
            double ratio = Math.max(1, flooded.p95()) / Math.max(1, tier.getValue().p95());
            worst = Math.max(worst, ratio);
        }
        return worst;
    }

    private static double p95(PolicyMetrics metrics, String tier) {
        return metrics.waitsByTier().get(tier).p95();
    }

    /** Formats verdicts as a table: goal, policy, value, met or missed. */
    public static String format(List<Verdict> verdicts) {
        StringBuilder text = new StringBuilder("== goals (Easel's policy only)\n");
        if (verdicts.isEmpty()) {
            return text.append("not checked: the goals are Easel's, and policy '" + CHECKED_POLICY + "' was not run\n").toString();
        }
        int goalWidth = verdicts.stream().mapToInt(verdict -> verdict.goal().length()).max().orElse(10) + 2;
        for (Verdict verdict : verdicts) {
            text.append(String.format("%-" + goalWidth + "s%-13s%-22s%s%n", verdict.goal(), verdict.policy(), verdict.value(),
                    verdict.met() ? "met" : "MISSED"));
        }
        return text.toString();
    }
}
