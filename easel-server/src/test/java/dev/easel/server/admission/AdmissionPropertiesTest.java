package dev.easel.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class AdmissionPropertiesTest {

    @Test
    void bind_yamlShapedProperties_everyField() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(Map.ofEntries(
                Map.entry("easel.admission.tiers.low.rate.requests", "30"),
                Map.entry("easel.admission.tiers.low.rate.period", "1m"),
                Map.entry("easel.admission.tiers.low.rate.burst", "10"),
                Map.entry("easel.admission.tiers.low.cost-budget-per-hour", "600"),
                Map.entry("easel.admission.tiers.low.max-queued-per-user", "10"),
                Map.entry("easel.admission.tiers.low.max-queued", "5000"),
                Map.entry("easel.admission.tiers.low.degrade[0].when-wait-over", "10m"),
                Map.entry("easel.admission.tiers.low.degrade[0].action", "reject"),
                Map.entry("easel.admission.tiers.low.degrade[1].when-wait-over", "2m"),
                Map.entry("easel.admission.tiers.low.degrade[1].action", "cap"),
                Map.entry("easel.admission.tiers.low.degrade[1].max-steps", "20"),
                Map.entry("easel.admission.tiers.realtime.max-running-per-user", "2")));

        AdmissionProperties properties = new Binder(source).bind("easel.admission", AdmissionProperties.class).get();

        TierLimits low = properties.tiers().get("low");
        assertThat(low.rate()).isEqualTo(new RateLimit(30, Duration.ofMinutes(1), 10L));
        assertThat(low.costBudgetPerHour()).isEqualTo(600.0);
        assertThat(low.maxQueuedPerUser()).isEqualTo(10);
        assertThat(low.maxQueued()).isEqualTo(5000);
        assertThat(low.maxRunningPerUser()).isNull();
        assertThat(low.degrade()).containsExactly(
                new DegradeRule(Duration.ofMinutes(2), DegradeAction.CAP, 20, null),
                new DegradeRule(Duration.ofMinutes(10), DegradeAction.REJECT, null, null));
        assertThat(properties.tiers().get("realtime").maxRunningPerUser()).isEqualTo(2);
    }

    @Test
    void bind_nothing_noTiers() {
        AdmissionProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("easel.admission", AdmissionProperties.class);

        assertThat(properties.tiers()).isEmpty();
    }
}
