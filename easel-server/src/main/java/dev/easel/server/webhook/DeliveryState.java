package dev.easel.server.webhook;

/** Where a delivery stands, as stored and shown to the task's owner. */
public enum DeliveryState {
    /** Waiting for its first or next attempt. */
    PENDING,
    /** A receiver answered 2xx. Final. */
    DELIVERED,
    /** Given up: the retry budget ran out or the failure was permanent. Final until an admin replays it. */
    FAILED;

    /** Returns the lower-case name used on the wire, for example {@code "delivered"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
