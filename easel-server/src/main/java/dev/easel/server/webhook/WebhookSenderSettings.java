package dev.easel.server.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and limits of the webhook HTTP client.
 *
 * @param connectTimeout  longest wait for the TCP (and TLS) connection
 * @param responseTimeout longest silence while waiting for the response head
 * @param attemptTimeout  longest whole attempt, from DNS to the response status; bounds a
 *                        receiver that sends its answer one byte at a time
 * @param maxConnections  connections kept open across all receivers
 * @param userAgent       the {@code User-Agent} header
 */
public record WebhookSenderSettings(
        Duration connectTimeout,
        Duration responseTimeout,
        Duration attemptTimeout,
        int maxConnections,
        String userAgent) {

    /**
     * 5 s to connect, 15 s for the answer (the low end of the 15 to 30 s that Standard Webhooks
     * recommends), 20 s in all, 64 connections.
     */
    public static final WebhookSenderSettings DEFAULT = new WebhookSenderSettings(
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(20), 64, "Easel-Webhooks/1");

    public WebhookSenderSettings {
        requirePositive("connect timeout", connectTimeout);
        requirePositive("response timeout", responseTimeout);
        requirePositive("attempt timeout", attemptTimeout);
        Objects.requireNonNull(userAgent, "userAgent");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, was " + maxConnections);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("webhook " + name + " must be positive, was " + value);
        }
    }
}
