package dev.easel.core.task;

/**
 * Lifecycle state of a task (and of each job inside it).
 *
 * <p>{@code QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELED | EXPIRED}, with {@code RETRYING}
 * between a failed attempt and the next one. Terminal states never change again.
 */
public enum TaskState {
    QUEUED,
    RUNNING,
    RETRYING,
    SUCCEEDED,
    FAILED,
    CANCELED,
    EXPIRED;

    /** Returns whether no further transition can leave this state. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED || this == EXPIRED;
    }

    /** Returns the lower-case name used on the wire, for example {@code "queued"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
