package dev.easel.engine;

/** The back end cannot run work now (not loaded, remote service down, rate limited). Retryable. */
public class BackendUnavailableException extends EngineException {

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
