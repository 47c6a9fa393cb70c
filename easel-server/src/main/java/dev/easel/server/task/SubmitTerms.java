package dev.easel.server.task;

import dev.easel.server.admission.IdempotencyCheck;
import dev.easel.server.store.TaskDeadlines;

import java.util.Objects;

/**
 * The deadlines and idempotency key of a submit, stored with its task in the same transaction.
 *
 * @param deadlines      the task's {@code start_by} and {@code cancel_after}; {@link TaskDeadlines#NONE} for none
 * @param idempotencyKey the first use of the request's {@code Idempotency-Key}, or {@code null} when it had none
 */
public record SubmitTerms(TaskDeadlines deadlines, IdempotencyCheck.FirstUse idempotencyKey) {

    /** A submit without deadlines or key. */
    public static final SubmitTerms NONE = new SubmitTerms(TaskDeadlines.NONE, null);

    public SubmitTerms {
        Objects.requireNonNull(deadlines, "deadlines");
    }
}
