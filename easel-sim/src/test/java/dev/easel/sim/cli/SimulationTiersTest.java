package dev.easel.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.schedule.SchedulerSettings;
import dev.easel.core.schedule.TierConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTiersTest {

    @Test
    void maxQueued_matchesServerDefaults() {
        List<TierConfig> simulated = SimulationTiers.forMix(List.of("realtime", "high", "normal", "low"), 1);

        for (TierConfig server : SchedulerSettings.defaultTiers()) {
            TierConfig tier = simulated.stream().filter(t -> t.name().equals(server.name())).findFirst().orElseThrow();
            assertThat(tier.maxQueued()).as(tier.name()).isEqualTo(server.maxQueued());
            assertThat(tier.maxWaitMillis()).as(tier.name()).isEqualTo(server.maxWaitMillis());
        }
    }
}
