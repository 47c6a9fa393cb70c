package dev.easel.server.store;

import java.time.Instant;

/**
 * The deadlines of a task, in milliseconds since the Unix epoch.
 *
 * @param startByMillis     when the task expires if its first step has not started; {@code null} for none
 * @param cancelAfterMillis when the task is canceled if it has not finished; {@code null} for none
 */
public record TaskDeadlines(Long startByMillis, Long cancelAfterMillis) {

    /** A task without deadlines. */
    public static final TaskDeadlines NONE = new TaskDeadlines(null, null);

    /** Returns whether neither deadline is set. */
    public boolean isEmpty() {
        return startByMillis == null && cancelAfterMillis == null;
    }

    /** Returns {@code start_by} as an ISO-8601 instant, or {@code null}. */
    public String startByText() {
        return startByMillis == null ? null : Instant.ofEpochMilli(startByMillis).toString();
    }

    /** Returns {@code cancel_after} as an ISO-8601 instant, or {@code null}. */
    public String cancelAfterText() {
        return cancelAfterMillis == null ? null : Instant.ofEpochMilli(cancelAfterMillis).toString();
    }
}
