package dev.easel.server.webhook;

/** How one delivery attempt ended, as stored and shown to the task's owner. */
public enum AttemptOutcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** The receiver answered with a status other than 2xx or 3xx. */
    HTTP_ERROR,
    /** The receiver answered 3xx; redirects are never followed and count as failures. */
    REDIRECT,
    /** No complete answer within the connect, response or attempt timeout. */
    TIMEOUT,
    /** The host did not resolve, the connection was refused or reset, or TLS failed. */
    CONNECTION_FAILED,
    /** The destination guard rejected every address of the host; nothing was sent. */
    DESTINATION_BLOCKED,
    /** Nothing was sent because the attempt could not be prepared, for example no signing secret. */
    NOT_SENT;

    /** Returns the lower-case name used on the wire, for example {@code "http_error"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
