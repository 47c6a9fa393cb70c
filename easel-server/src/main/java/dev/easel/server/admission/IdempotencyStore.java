package dev.easel.server.admission;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where idempotency keys live; the task store implements it.
 *
 * <p>The store writes an {@link IdempotencyRecord} in the same transaction as the task it belongs
 * to, under a unique constraint on {@code (user_id, key)}. When two requests with the same key
 * race, the second insert violates the constraint; the caller then runs
 * {@link IdempotencyKeys#check} again, which now finds the first record. A record older than
 * {@link IdempotencyKeys#WINDOW} is dead: the store may delete it, and must let a new request
 * with the same key replace it.
 */
public interface IdempotencyStore {

    /** Returns the record of this user's key, expired or not, or empty when there is none. */
    Optional<IdempotencyRecord> find(String userId, String key);

    /**
     * Deletes the records created before {@code cutoff}; completes with how many were deleted,
     * after the commit.
     */
    CompletableFuture<Integer> deleteCreatedBefore(Instant cutoff);
}
