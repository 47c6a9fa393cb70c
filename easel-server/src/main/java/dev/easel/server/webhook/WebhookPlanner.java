package dev.easel.server.webhook;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a task event into the outbox delivery to store with it, or nothing when the task has no
 * webhook, its filter leaves the event out, or a progress event comes within 500 ms of the last
 * one sent for the task.
 *
 * <p>The store calls it inside the transaction that records the transition, so the delivery is
 * durable exactly when the transition is. Thread-safe.
 */
public final class WebhookPlanner {

    private final ProgressThrottle throttle;
    private final Clock clock;

    public WebhookPlanner(ProgressThrottle throttle, Clock clock) {
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the delivery for this event, due now, or empty.
     *
     * @param taskId   the task
     * @param userId   its owner, whose secrets will sign the delivery
     * @param webhook  the task's subscription, or {@code null} when it has none
     * @param type     what happened
     * @param taskView the task as {@code GET /v1/tasks/{id}} shows it at this event; becomes the
     *                 envelope's {@code data}
     */
    public Optional<WebhookDelivery> plan(String taskId, String userId, TaskWebhook webhook,
                                          WebhookEventType type, Map<String, Object> taskView) {
        if (type.isTerminal()) {
            throttle.forget(taskId);
        }
        if (webhook == null || !webhook.events().accepts(type) || !throttle.tryPass(taskId, type)) {
            return Optional.empty();
        }

        WebhookEnvelope envelope = new WebhookEnvelope(type, clock.instant(), taskView);
        return Optional.of(new WebhookDelivery(WebhookDelivery.newId(), taskId, userId, webhook.url(), type,
                envelope.toJson(), 0, clock.instant()));
    }
}
