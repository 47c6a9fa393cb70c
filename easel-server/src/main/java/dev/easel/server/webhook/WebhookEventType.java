package dev.easel.server.webhook;

import dev.easel.core.task.TaskState;
import java.util.Locale;
import java.util.Optional;

/**
 * Task events a webhook can subscribe to. The wire name ({@code queued}) is what a user writes
 * in the event filter; the envelope's {@code type} is {@code task.<wire name>}.
 */
public enum WebhookEventType {
    QUEUED,
    STARTED,
    PROGRESS,
    SUCCEEDED,
    FAILED,
    CANCELED,
    EXPIRED;

    /** Returns the lower-case name used in filters, for example {@code "succeeded"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the envelope type, for example {@code "task.succeeded"}. */
    public String envelopeType() {
        return "task." + wireName();
    }

    /** Returns whether no later event of the same task can follow this one. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED || this == EXPIRED;
    }

    /**
     * Returns the event a task transition into this state announces. {@code RETRYING} announces
     * nothing: the next attempt's start sends {@code started} again.
     */
    public static Optional<WebhookEventType> forTransition(TaskState state) {
        return switch (state) {
            case QUEUED -> Optional.of(QUEUED);
            case RUNNING -> Optional.of(STARTED);
            case RETRYING -> Optional.empty();
            case SUCCEEDED -> Optional.of(SUCCEEDED);
            case FAILED -> Optional.of(FAILED);
            case CANCELED -> Optional.of(CANCELED);
            case EXPIRED -> Optional.of(EXPIRED);
        };
    }

    /** Returns the type with this wire name, ignoring case, or empty when there is none. */
    public static Optional<WebhookEventType> fromWireName(String wireName) {
        for (WebhookEventType type : values()) {
            if (type.wireName().equalsIgnoreCase(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
