package dev.easel.server.webhook;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A task's webhook subscription: where to send its events and which ones. The request gives it
 * as {@code "webhook": {"url": "https://...", "events": ["started", "succeeded"]}}; the store
 * keeps the URL and {@link WebhookEventFilter#wireNames()} with the task.
 *
 * @param url    the receiver
 * @param events the events it receives
 */
public record TaskWebhook(URI url, WebhookEventFilter events) {

    public TaskWebhook {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(events, "events");
    }

    /**
     * Checks and builds a subscription from request values, naming the fields {@code webhook.url}
     * and {@code webhook.events} in errors. The URL is checked without DNS
     * ({@link DestinationGuard#checkUrl}); host names are checked again at every attempt.
     *
     * @param events wire names; {@code null} or empty subscribes to the terminal events
     * @throws InvalidWebhookRequestException naming the field, the value and the rule it broke
     */
    public static TaskWebhook fromRequest(String url, List<String> events, DestinationGuard guard) {
        if (url == null || url.isBlank()) {
            throw new InvalidWebhookRequestException("webhook.url", String.valueOf(url), "is required when webhook is given",
                    "webhook.rule.required");
        }
        URI checked = guard.checkUrl("webhook.url", url.strip());
        return new TaskWebhook(checked, WebhookEventFilter.parse("webhook.events", events));
    }
}
