package dev.easel.server.admission;

/** What to do with a request, given its {@code Idempotency-Key}. */
public sealed interface IdempotencyCheck {

    /** The request has no key: proceed as usual. */
    record NoKey() implements IdempotencyCheck {
    }

    /**
     * First use of the key (or its earlier use expired): admit and store the task, and store this
     * key and body hash with it.
     */
    record FirstUse(String key, String bodyHash) implements IdempotencyCheck {
    }

    /** The same key and body within the window: return the original task and create nothing. */
    record Replay(String taskId) implements IdempotencyCheck {
    }

    /** The same key with a different body within the window: answer 422 and create nothing. */
    record Conflict(String taskId) implements IdempotencyCheck {
    }
}
