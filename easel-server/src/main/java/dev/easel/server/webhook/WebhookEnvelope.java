package dev.easel.server.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.SerializationFeature;
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

    // Map keys are sorted at every depth, so the same data always gives the same bytes.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** The wire form; a record keeps {@code type, timestamp, data} in this order. */
    private record Body(String type, String timestamp, Map<String, Object> data) {
    }

    public WebhookEnvelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        // Task views hold null members (a finished task has no position), which Map.copyOf rejects.
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }

    /**
     * Serialises the envelope to compact UTF-8 JSON. The result is what the outbox stores and what
     * is signed and sent on every attempt, byte for byte.
     */
    public byte[] toJson() {
        return JSON.writeValueAsBytes(new Body(type.envelopeType(), occurredAt.toString(), data));
    }
}
