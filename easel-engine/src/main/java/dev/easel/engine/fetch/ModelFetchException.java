package dev.easel.engine.fetch;

import dev.easel.engine.EngineException;

/**
 * Fetching or installing a model failed: npm is missing or failed, a hash does not match, or a
 * package does not contain what it should. The message states what to do next.
 */
public class ModelFetchException extends EngineException {

    public ModelFetchException(String message) {
        super(message);
    }

    public ModelFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
