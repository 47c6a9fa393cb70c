package dev.easel.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadsTest {

    private static final TierMix MIX = TierMix.parse("high=0.2,normal=0.5,low=0.3", 7);

    @Test
    void poisson_offersTheRequestedLoad() {
        Workload workload = SyntheticWorkloads.poisson(100, 20_000, 0.8, 4, ShapeSource.parametric(), MIX, 3);

        double offered = (double) workload.totalSoloMillis() / (4 * workload.spanMillis());
        assertThat(offered).isCloseTo(0.8, within(0.05));
        assertThat(workload.jobs()).hasSize(20_000);
    }

    @Test
    void bursty_offersTheRequestedLoadOnAverage() {
        Workload workload = SyntheticWorkloads.bursty(100, 20_000, 0.8, 4, ShapeSource.parametric(), MIX, 3, 5, 0.1);

        double offered = (double) workload.totalSoloMillis() / (4 * workload.spanMillis());
        assertThat(offered).isCloseTo(0.8, within(0.15));
    }

    @Test
    void bursty_impossiblePeak_rejects() {
        assertThatThrownBy(() -> SyntheticWorkloads.bursty(10, 100, 0.8, 4, ShapeSource.parametric(), MIX, 3, 12, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be below 1");
    }

    @Test
    void withFlood_addsOneUserAtTheFactorOfEveryoneElse() {
        Workload base = SyntheticWorkloads.poisson(50, 2_000, 0.9, 8, ShapeSource.parametric(), MIX, 5);

        Workload flooded = SyntheticWorkloads.withFlood(base, 10, "low", ShapeSource.parametric(), 5);

        long floodJobs = flooded.jobs().stream().filter(SimJob::flood).count();
        assertThat((double) floodJobs).isCloseTo(20_000, within(1_000.0));
        assertThat(flooded.jobs().stream().filter(SimJob::flood))
                .allSatisfy(job -> {
                    assertThat(job.job().user()).isEqualTo(SyntheticWorkloads.FLOOD_USER);
                    assertThat(job.job().tier()).isEqualTo("low");
                });
        assertThat(flooded.jobs()).isSortedAccordingTo(java.util.Comparator.comparingLong(SimJob::arrivalMillis));
    }

    @Test
    void tierMix_assignsRoughlyTheFractionsAndIsStable() {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(MIX.tierOf("user-" + i), 1, Integer::sum);
        }

        assertThat(counts.get("high") / 10_000.0).isCloseTo(0.2, within(0.02));
        assertThat(counts.get("normal") / 10_000.0).isCloseTo(0.5, within(0.02));
        assertThat(counts.get("low") / 10_000.0).isCloseTo(0.3, within(0.02));
        assertThat(MIX.tierOf("user-17")).isEqualTo(TierMix.parse("high=0.2,normal=0.5,low=0.3", 7).tierOf("user-17"));
    }

    @Test
    void tierMix_fractionsNotSummingToOne_rejects() {
        assertThatThrownBy(() -> TierMix.parse("high=0.5,low=0.4", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must sum to 1");
        assertThatThrownBy(() -> TierMix.parse("high:0.5", 1))
                .hasMessageContaining("expected tier=fraction");
    }
}
