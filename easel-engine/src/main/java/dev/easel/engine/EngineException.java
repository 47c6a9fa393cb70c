package dev.easel.engine;

/**
 * Root of the model layer's failures. Each subtype says whether running again can help.
 */
public class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns whether running the same batch again may succeed. */
    public boolean isRetryable() {
        return false;
    }
}
