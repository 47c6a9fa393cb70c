package dev.easel.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.easel.core.schedule.TierConfig;
import dev.easel.sim.engine.Simulation;
import dev.easel.sim.engine.SimulationConfig;
import dev.easel.sim.engine.SimulationLog;
import dev.easel.sim.engine.VirtualClock;
import dev.easel.sim.policy.Policies;
import dev.easel.sim.service.BatchCostCurve;
import dev.easel.sim.service.LoadTimeSource;
import dev.easel.sim.workload.ShapeSource;
import dev.easel.sim.workload.SyntheticWorkloads;
import dev.easel.sim.workload.TierMix;
import dev.easel.sim.workload.Workload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-window sums of {@link FairnessWindows} give the same indices as one entry per user and window. */
class FairnessWindowsTest {

    private static final List<String> TIER_ORDER = List.of("high", "normal", "low");
    private static final List<TierConfig> TIERS = List.of(
            new TierConfig("high", 70, false, 100_000, 120_000, List.of("shared"), false),
            new TierConfig("normal", 20, false, 100_000, 600_000, List.of("shared"), false),
            new TierConfig("low", 10, false, 100_000, 1_800_000, List.of("shared"), false));

    @Test
    void overloadedRuns_matchReferenceImplementation() {
        TierMix mix = new TierMix(Map.of("high", 0.2, "normal", 0.5, "low", 0.3), 7);
        Workload workload = SyntheticWorkloads.poisson(25, 600, 1.6, 3, ShapeSource.parametric(), mix, 7);
        SimulationConfig config = new SimulationConfig(3, 1, 4, 1, TIERS, new BatchCostCurve(0.7), LoadTimeSource.parametric(),
                7, 0, 1_000);

        for (String policy : List.of("easel", "fifo", "round-robin", "partition")) {
            VirtualClock clock = new VirtualClock();
            SimulationLog log = Simulation.run(policy, Policies.create(policy, clock, TIERS), clock, workload, config);
            for (long window : List.of(1_000L, 60_000L, 300_000L)) {
                FairnessWindows.Result expected = new FairnessWindowsReference(window, log.endMillis()).measure(log.jobs(), TIER_ORDER);
                FairnessWindows.Result actual = new FairnessWindows(window, log.endMillis()).measure(log.jobs(), TIER_ORDER);

                assertThat(expected.mean()).as("%s, %d ms windows: some window must be measured", policy, window).isNotNaN();
                assertThat(actual.mean()).as("%s, %d ms windows: mean", policy, window).isCloseTo(expected.mean(), within(1e-9));
                for (String tier : TIER_ORDER) {
                    double want = expected.byTier().get(tier);
                    double got = actual.byTier().get(tier);
                    if (Double.isNaN(want)) {
                        assertThat(got).as("%s, %d ms windows, tier %s", policy, window, tier).isNaN();
                    } else {
                        assertThat(got).as("%s, %d ms windows, tier %s", policy, window, tier).isCloseTo(want, within(1e-9));
                    }
                }
            }
        }
    }
}
