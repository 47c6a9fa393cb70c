package dev.easel.server.admission;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored {@code Idempotency-Key}: which task a user's key created and from what body.
 *
 * @param userId    the user; keys of different users never collide
 * @param key       the header value
 * @param bodyHash  {@link IdempotencyKeys#hashBody(byte[])} of the request body
 * @param taskId    the task the first request created
 * @param createdAt when the first request was accepted
 */
public record IdempotencyRecord(String userId, String key, String bodyHash, String taskId, Instant createdAt) {

    public IdempotencyRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bodyHash, "bodyHash");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
