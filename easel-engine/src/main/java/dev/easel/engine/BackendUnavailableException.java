package dev.easel.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * The back end cannot run work now (not loaded, remote service down, rate limited). Retryable:
 * the server waits and runs the batch again without counting the attempt, until the back end has
 * been unavailable longer than its configured limit.
 */
public class BackendUnavailableException extends EngineException {

    private final transient Duration retryAfter;

    public BackendUnavailableException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param retryAfter how long the back end asked callers to wait before the next call (an
     *                   HTTP {@code Retry-After}, for example), or {@code null} when it gave no hint
     */
    public BackendUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** Returns the wait the back end asked for, or empty when it gave none. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
