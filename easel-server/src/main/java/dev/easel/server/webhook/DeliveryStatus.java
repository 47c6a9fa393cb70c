package dev.easel.server.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A delivery with its state and every attempt, as the store returns it for
 * {@code GET /v1/tasks/{id}/deliveries} and the admin replay.
 *
 * @param delivery      the delivery
 * @param state         where it stands
 * @param nextAttemptAt when it is due next; {@code null} once delivered or failed
 * @param attempts      every attempt, first attempt first
 */
public record DeliveryStatus(WebhookDelivery delivery, DeliveryState state, Instant nextAttemptAt, List<DeliveryAttempt> attempts) {

    public DeliveryStatus {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(state, "state");
        attempts = List.copyOf(attempts);
    }

    /** Returns the API view with snake_case members; the body and secrets are left out. */
    public Map<String, Object> toView() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", delivery.id());
        view.put("event", delivery.eventType().wireName());
        view.put("url", delivery.url().toString());
        view.put("state", state.wireName());
        view.put("next_attempt_at", nextAttemptAt == null ? null : nextAttemptAt.toString());
        view.put("attempts", attempts.stream().map(DeliveryStatus::attemptView).toList());
        return view;
    }

    private static Map<String, Object> attemptView(DeliveryAttempt attempt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("number", attempt.number());
        view.put("started_at", attempt.startedAt().toString());
        view.put("duration_ms", attempt.duration().toMillis());
        view.put("outcome", attempt.outcome().wireName());
        view.put("status_code", attempt.statusCode());
        view.put("error", attempt.error());
        return view;
    }
}
