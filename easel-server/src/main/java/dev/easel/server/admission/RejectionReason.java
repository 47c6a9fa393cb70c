package dev.easel.server.admission;

import java.util.Locale;

/**
 * Why admission rejected a task. The {@link #code()} is part of the API: clients branch on it,
 * so it never changes once released.
 */
public enum RejectionReason {
    /** The user sent requests faster than the tier's token bucket refills. */
    RATE_LIMITED(429),
    /** The task's estimated cost exceeds what is left of the user's hourly budget. */
    COST_BUDGET_EXHAUSTED(429),
    /** The task alone costs more than the whole hourly budget; waiting cannot help. */
    COST_EXCEEDS_BUDGET(422),
    /** The user already has the tier's maximum of queued tasks. */
    TOO_MANY_QUEUED(429),
    /** The user already has the tier's maximum of running tasks (synchronous requests). */
    TOO_MANY_RUNNING(429),
    /** The tier's queue is at its maximum length. */
    QUEUE_FULL(429),
    /** The tier's projected wait passed a threshold whose degrade rule rejects new tasks. */
    TIER_OVERLOADED(429),
    /** An admin paused the tier. */
    TIER_PAUSED(503);

    private final int httpStatus;

    RejectionReason(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** Returns the stable machine-readable code, for example {@code "rate_limited"}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the HTTP status of the rejection: 429, 503 for a paused tier, 422 when waiting cannot help. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Returns the message bundle prefix of the problem title and detail, for example
     * {@code problem.rate_limited}; the bundle holds {@code <prefix>.title} and {@code <prefix>.detail}.
     */
    public String messageKey() {
        return "problem." + code();
    }
}
