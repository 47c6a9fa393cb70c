package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookEnvelopeTest {

    @Test
    void toJson_standardWebhooksShapeWithSortedData() {
        WebhookEnvelope envelope = new WebhookEnvelope(WebhookEventType.SUCCEEDED, Instant.parse("2026-12-04T12:00:00.250Z"),
                Map.of("status", "succeeded", "id", "task_1", "progress", Map.of("step", 30, "steps", 30)));

        String json = new String(envelope.toJson(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"type\":\"task.succeeded\",\"timestamp\":\"2026-12-04T12:00:00.250Z\","
                + "\"data\":{\"id\":\"task_1\",\"progress\":{\"step\":30,\"steps\":30},\"status\":\"succeeded\"}}");
    }

    @Test
    void toJson_nullMembers_keptAsNull() {
        Map<String, Object> view = new java.util.HashMap<>();
        view.put("id", "task_1");
        view.put("position", null);

        String json = new String(new WebhookEnvelope(WebhookEventType.SUCCEEDED, Instant.EPOCH, view).toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"data\":{\"id\":\"task_1\",\"position\":null}");
    }

    @Test
    void toJson_sameEnvelope_sameBytes() {
        WebhookEnvelope envelope = new WebhookEnvelope(WebhookEventType.PROGRESS, Instant.EPOCH, Map.of("b", 1, "a", 2));

        assertThat(envelope.toJson()).isEqualTo(envelope.toJson());
    }
}
