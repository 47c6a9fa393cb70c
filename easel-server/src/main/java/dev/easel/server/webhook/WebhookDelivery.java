package dev.easel.server.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One event on its way to one receiver, as the outbox holds it.
 *
 * @param id               the {@code webhook-id}: unique, the same on every retry, so receivers
 *                         can drop duplicates; must not contain {@code .}
 * @param taskId           the task the event is about
 * @param userId           the task's owner, whose secrets sign the delivery
 * @param url              the receiver
 * @param eventType        what happened
 * @param body             the envelope JSON, sent byte for byte on every attempt
 * @param attempts         attempts made so far
 * @param scheduleStart    when the retry budget started: the first attempt, or the last replay
 */
public record WebhookDelivery(
        String id,
        String taskId,
        String userId,
        URI url,
        WebhookEventType eventType,
        byte[] body,
        int attempts,
        Instant scheduleStart) {

    public WebhookDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(scheduleStart, "scheduleStart");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
    }

    /** Generates a delivery id in the {@code msg_} form that Standard Webhooks examples use. */
    public static String newId() {
        return "msg_" + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    /** Returns this delivery with one more attempt counted. */
    WebhookDelivery withAttempts(int count) {
        return new WebhookDelivery(id, taskId, userId, url, eventType, body, count, scheduleStart);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookDelivery that && id.equals(that.id) && attempts == that.attempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, attempts);
    }

    @Override
    public String toString() {
        return "WebhookDelivery[id=" + id + ", task=" + taskId + ", event=" + eventType.wireName()
                + ", attempts=" + attempts + "]";
    }
}
