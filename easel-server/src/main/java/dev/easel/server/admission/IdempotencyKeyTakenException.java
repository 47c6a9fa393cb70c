package dev.easel.server.admission;

/**
 * The store refused a task because its {@code Idempotency-Key} already belongs to a live record:
 * a concurrent request with the same key committed first. The caller checks the key again and
 * returns the task of that record.
 */
public final class IdempotencyKeyTakenException extends RuntimeException {

    private final String taskId;

    public IdempotencyKeyTakenException(String userId, String taskId) {
        super("Idempotency-Key of user " + userId + " already belongs to task " + taskId);
        this.taskId = taskId;
    }

    /** Returns the task that the key already belongs to. */
    public String taskId() {
        return taskId;
    }
}
