package dev.easel.server.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The record of one delivery attempt, stored for the task's owner to read.
 *
 * @param deliveryId  the delivery ({@code webhook-id})
 * @param number      1 for the first attempt
 * @param startedAt   when the attempt began
 * @param duration    from start to answer or failure
 * @param outcome     how it ended
 * @param statusCode  the HTTP status the receiver answered, or {@code null} when there was none
 * @param error       what went wrong, in English, or {@code null} when delivered; never contains a
 *                    secret
 * @param retryAfter  the receiver's {@code Retry-After} in seconds, or {@code null}
 */
public record DeliveryAttempt(
        String deliveryId,
        int number,
        Instant startedAt,
        Duration duration,
        AttemptOutcome outcome,
        Integer statusCode,
        String error,
        Long retryAfter) {

    /** Status with which a receiver asks never to be called again (Standard Webhooks). */
    static final int GONE = 410;

    public DeliveryAttempt {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Returns whether the receiver accepted the delivery. */
    public boolean isDelivered() {
        return outcome == AttemptOutcome.DELIVERED;
    }

    /**
     * Returns whether no retry can help: the guard blocked the destination, or the receiver
     * answered 410 Gone.
     */
    public boolean isPermanentFailure() {
        return outcome == AttemptOutcome.DESTINATION_BLOCKED
                || (outcome == AttemptOutcome.HTTP_ERROR && statusCode != null && statusCode == GONE);
    }
}
