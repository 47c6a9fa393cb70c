package dev.easel.server.webhook;

import java.util.Map;

/**
 * The three Standard Webhooks request headers of one delivery attempt.
 *
 * @param id        {@code webhook-id}: the delivery id, the same on every retry
 * @param timestamp {@code webhook-timestamp}: the attempt time in Unix seconds
 * @param signature {@code webhook-signature}: space-separated {@code v1,<base64>} signatures, one
 *                  per secret
 */
public record SignedHeaders(String id, long timestamp, String signature) {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    /** Returns the headers as name to value, in the order id, timestamp, signature. */
    public Map<String, String> asMap() {
        return Map.of(ID, id, TIMESTAMP, Long.toString(timestamp), SIGNATURE, signature);
    }
}
