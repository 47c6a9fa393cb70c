package dev.easel.server.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable queue of webhook deliveries, kept by the store beside the tasks.
 *
 * <p>The store adds a delivery in the same transaction as the task transition it reports, so an
 * event is never announced without being stored, nor stored without being delivered (at least
 * once). Adding is the store's own operation and not part of this interface, which holds what the
 * {@link WebhookDispatcher} needs.
 *
 * <p>Implementations must be safe for concurrent use by several dispatcher threads and, in
 * cluster mode, by several processes: two concurrent {@link #claimDue} calls never return the
 * same delivery.
 */
public interface WebhookOutbox {

    /**
     * Claims up to {@code limit} pending deliveries whose next attempt time is at or before
     * {@code now}, oldest due first, and moves their next attempt time to {@code now + lease}.
     * The lease keeps other dispatchers away while the attempt runs; if this process dies before
     * recording the attempt, the delivery becomes due again when the lease ends.
     *
     * @return the claimed deliveries, with {@link WebhookDelivery#attempts()} as stored
     */
    List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease);

    /** Stores a failed attempt, increments the attempt count, and schedules the next attempt. */
    void recordRetry(DeliveryAttempt attempt, Instant nextAttemptAt);

    /** Stores the successful attempt and marks the delivery {@link DeliveryState#DELIVERED}. */
    void markDelivered(DeliveryAttempt attempt);

    /** Stores the last failed attempt and marks the delivery {@link DeliveryState#FAILED}. */
    void markFailed(DeliveryAttempt attempt);
}
