package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WebhookPropertiesTest {

    @Test
    void bind_emptyConfiguration_defaults() {
        WebhookProperties properties = new WebhookProperties(null, null, null, null, null, null, null, null, null);

        assertThat(properties.allowlistRanges()).isEmpty();
        assertThat(properties.senderSettings()).isEqualTo(WebhookSenderSettings.DEFAULT);
        assertThat(properties.retrySchedule()).isEqualTo(RetrySchedule.DEFAULT);
        assertThat(properties.progressInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.dispatcherSettings().claimLease()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void bind_fromProperties_springBinderReadsEveryField() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(java.util.Map.of(
                "easel.webhooks.allowlist[0]", "127.0.0.1/32",
                "easel.webhooks.allowlist[1]", "10.20.0.0/16",
                "easel.webhooks.response-timeout", "30s",
                "easel.webhooks.retry.initial-delay", "2s",
                "easel.webhooks.retry.budget", "12h",
                "easel.webhooks.concurrency", "4"));

        WebhookProperties properties = new Binder(source).bind("easel.webhooks", WebhookProperties.class).get();

        assertThat(properties.allowlistRanges()).extracting(Cidr::toString).containsExactly("127.0.0.1/32", "10.20.0.0/16");
        assertThat(properties.senderSettings().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.retrySchedule().initialDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.retrySchedule().budget()).isEqualTo(Duration.ofHours(12));
        assertThat(properties.retrySchedule().maxDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.concurrency()).isEqualTo(4);
    }

    @Test
    void bind_environmentVariable_commaSeparatedAllowlist() {
        org.springframework.core.env.SystemEnvironmentPropertySource environment = new org.springframework.core.env.SystemEnvironmentPropertySource(
                "env", java.util.Map.of("EASEL_WEBHOOKS_ALLOWLIST", "127.0.0.1/32,10.0.0.0/8"));

        WebhookProperties properties = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources
                .from(environment)).bind("easel.webhooks", WebhookProperties.class).get();

        assertThat(properties.allowlistRanges()).extracting(Cidr::toString).containsExactly("127.0.0.1/32", "10.0.0.0/8");
    }

    @Test
    void allowlist_invalidEntry_namesPropertyAndEntry() {
        WebhookProperties properties = new WebhookProperties(List.of("localhost"), null, null, null, null, null, null, null, null);

        assertThatThrownBy(properties::allowlistRanges)
                .hasMessageContaining("easel.webhooks.allowlist")
                .hasMessageContaining("'localhost'");
    }
}
