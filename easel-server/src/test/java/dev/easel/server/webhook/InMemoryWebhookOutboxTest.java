package dev.easel.server.webhook;

import java.time.Instant;
import java.util.List;

/** Runs the outbox contract on the in-memory outbox that the dispatcher tests use. */
class InMemoryWebhookOutboxTest extends WebhookOutboxContract {

    @Override
    protected WebhookOutbox newOutbox() {
        return new InMemoryWebhookOutbox();
    }

    @Override
    protected void add(WebhookOutbox target, WebhookDelivery delivery, Instant dueAt) {
        ((InMemoryWebhookOutbox) target).add(delivery, dueAt);
    }

    @Override
    protected DeliveryState state(WebhookOutbox target, String deliveryId) {
        return ((InMemoryWebhookOutbox) target).state(deliveryId);
    }

    @Override
    protected List<DeliveryAttempt> attempts(WebhookOutbox target, String deliveryId) {
        return ((InMemoryWebhookOutbox) target).attempts(deliveryId);
    }
}
