package dev.easel.server.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body of a webhook, in the shape the Standard Webhooks specification recommends:
 * {@code {"type": "task.succeeded", "timestamp": "<ISO-8601>", "data": {...}}}.
 *
 * @param type       what happened
 * @param occurredAt when the transition was stored, not when the attempt is made
 * @param data       the task as the API shows it (id, status, progress, outputs...)
 */
public record WebhookEnvelope(WebhookEventType type, Instant occurredAt, Map<String, Object> data) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public WebhookEnvelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = Map.copyOf(data);
    }

    /**
     * Serialises the envelope to compact UTF-8 JSON. The result is what the outbox stores and what
     * is signed and sent on every attempt, byte for byte.
     */
    public byte[] toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.envelopeType());
        body.put("timestamp", occurredAt.toString());
        body.put("data", new java.util.TreeMap<>(data));
        return JSON.writeValueAsBytes(body);
    }
}
