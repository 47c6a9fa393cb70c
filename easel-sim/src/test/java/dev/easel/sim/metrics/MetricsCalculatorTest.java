package dev.easel.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.easel.core.schedule.BatchKey;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.TierConfig;
import dev.easel.sim.engine.Simulation;
import dev.easel.sim.engine.SimulationConfig;
import dev.easel.sim.engine.SimulationLog;
import dev.easel.sim.engine.VirtualClock;
import dev.easel.sim.policy.Policies;
import dev.easel.sim.service.BatchCostCurve;
import dev.easel.sim.service.LoadTimeSource;
import dev.easel.sim.workload.SimJob;
import dev.easel.sim.workload.Workload;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Metrics of small FIFO runs on one worker, whose every time is known in advance. */
class MetricsCalculatorTest {

    private static final List<TierConfig> TIERS = List.of(
            new TierConfig("high", 70, false, 1_000, 120_000, List.of(), false),
            new TierConfig("low", 10, false, 1_000, 1_800_000, List.of(), false));

    private static final LoadTimeSource TWO_SECOND_LOADS = new LoadTimeSource() {
        @Override
        public long drawMillis(SplittableRandom random) {
            return 2_000;
        }

        @Override
        public String description() {
            return "fixed 2 s";
        }
    };

    @Test
    void twoJobs_slotFractionsThroughputAndEtaError() {
        // j1: starts at 0, loads 2 s, runs 5 s. j2: arrives at 1 s, starts at 7 s, runs 3 s, ends at 10 s.
        SimulationLog log = run(job("j1", "a", 0, 5_000), job("j2", "b", 1_000, 3_000));

        PolicyMetrics metrics = new MetricsCalculator(1_000, 5_000).summarise(log, List.of("high", "low"));

        assertThat(log.endMillis()).isEqualTo(10_000);
        assertThat(metrics.utilisation()).isCloseTo(0.8, within(1e-9));
        assertThat(metrics.loadFraction()).isCloseTo(0.2, within(1e-9));
        assertThat(metrics.idleRunnableFraction()).isZero();
        assertThat(metrics.throughputJobsPerHour()).isCloseTo(2 / (10_000 / 3_600_000.0), within(1e-6));
        assertThat(metrics.waitsByTier().get("low").max()).isEqualTo(6.0);
        assertThat(metrics.waitsByTier().get("high").jobs()).isZero();
        assertThat(metrics.modelSwitches()).isEqualTo(1);
        assertThat(metrics.batchSizes()).containsEntry(1, 2L);
        // j1: projected and real wait 0, error 0. j2: projected at the FIFO baseline's 20 s prior,
        // so projected wait 19 s against a real 6 s: |19 - 6| / 6.
        assertThat(metrics.etaJobs()).isEqualTo(2);
        assertThat(metrics.etaMedianError()).isZero();
        assertThat(metrics.etaP90Error()).isCloseTo(13.0 / 6, within(1e-9));
        assertThat(metrics.etaQueuedJobs()).isEqualTo(1);
    }

    @Test
    void jain_oneUserServedWhileAnotherWaits_isOneHalf() {
        // FIFO on one worker: a1 [0, 3 s) with its load, a2 [3, 4 s), b1 [4, 5 s), b2 [5, 6 s).
        // In 1 s windows 0, 1 and 2 both users wait; a receives 1 s each, b nothing: (1)^2 / (2 * 1) = 0.5.
        SimulationLog log = run(job("a1", "a", 0, 1_000), job("a2", "a", 0, 1_000), job("b1", "b", 0, 1_000),
                job("b2", "b", 0, 1_000));

        PolicyMetrics metrics = new MetricsCalculator(1_000, 5_000).summarise(log, List.of("high", "low"));

        assertThat(metrics.jainByTier().get("low")).isCloseTo(0.5, within(1e-9));
        assertThat(metrics.jainByTier().get("high")).isNaN();
        assertThat(metrics.jainMean()).isCloseTo(0.5, within(1e-9));
    }

    private static SimulationLog run(SimJob... jobs) {
        VirtualClock clock = new VirtualClock();
        SimulationConfig config = new SimulationConfig(1, 1, 4, 1, TIERS, new BatchCostCurve(1), TWO_SECOND_LOADS, 1, 1, 1_000);
        return Simulation.run("fifo", Policies.create("fifo", clock, TIERS), clock, new Workload("test", "test", List.of(jobs)), config);
    }

    private static SimJob job(String id, String user, long arrival, long solo) {
        BatchKey key = new BatchKey("M", "txt2img", 512, 512, 30, "euler_a", 7, List.of());
        return new SimJob(new Job(id, id, user, "low", key, 1, arrival), solo, false);
    }
}
