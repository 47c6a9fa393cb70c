package dev.easel.server.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link WebhookOutbox} for tests of the dispatcher, standing in for the store's
 * table until the store implements the interface. It follows the interface contract, checked by
 * {@link WebhookOutboxContract}; it is not durable. Thread-safe through one lock.
 */
final class InMemoryWebhookOutbox implements WebhookOutbox {

    private static final class Entry {
        WebhookDelivery delivery;
        DeliveryState state = DeliveryState.PENDING;
        Instant nextAttemptAt;
        final List<DeliveryAttempt> attempts = new ArrayList<>();
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Adds a pending delivery, due at the given time; the store does this with the transition. */
    synchronized void add(WebhookDelivery delivery, Instant dueAt) {
        Entry entry = new Entry();
        entry.delivery = delivery;
        entry.nextAttemptAt = dueAt;
        entries.put(delivery.id(), entry);
    }

    @Override
    public synchronized List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease) {
        List<Entry> due = entries.values().stream()
                .filter(entry -> entry.state == DeliveryState.PENDING && !entry.nextAttemptAt.isAfter(now))
                .sorted(Comparator.comparing(entry -> entry.nextAttemptAt))
                .limit(limit)
                .toList();
        for (Entry entry : due) {
            entry.nextAttemptAt = now.plus(lease);
        }
        return due.stream().map(entry -> entry.delivery).toList();
    }

    @Override
    public synchronized void recordRetry(DeliveryAttempt attempt, Instant nextAttemptAt) {
        Entry entry = record(attempt);
        entry.nextAttemptAt = nextAttemptAt;
    }

    @Override
    public synchronized void markDelivered(DeliveryAttempt attempt) {
        record(attempt).state = DeliveryState.DELIVERED;
    }

    @Override
    public synchronized void markFailed(DeliveryAttempt attempt) {
        record(attempt).state = DeliveryState.FAILED;
    }

    /** Puts a failed or delivered delivery back to pending with a fresh retry budget. */
    synchronized void replay(String deliveryId, Instant now) {
        Entry entry = entries.get(deliveryId);
        WebhookDelivery old = entry.delivery;
        entry.delivery = new WebhookDelivery(old.id(), old.taskId(), old.userId(), old.url(), old.eventType(),
                old.body(), old.attempts(), now);
        entry.state = DeliveryState.PENDING;
        entry.nextAttemptAt = now;
    }

    synchronized DeliveryState state(String deliveryId) {
        return entries.get(deliveryId).state;
    }

    synchronized List<DeliveryAttempt> attempts(String deliveryId) {
        return List.copyOf(entries.get(deliveryId).attempts);
    }

    private Entry record(DeliveryAttempt attempt) {
        Entry entry = entries.get(attempt.deliveryId());
        entry.attempts.add(attempt);
        entry.delivery = entry.delivery.withAttempts(entry.delivery.attempts() + 1);
        return entry;
    }
}
