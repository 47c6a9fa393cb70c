package dev.easel.engine;

import java.nio.file.Path;

/**
 * A model's files are missing, unreadable or not a valid model. Not retryable: an operator must
 * fix the model folder first.
 */
public class ModelLoadException extends EngineException {

    private final transient Path path;
    private final String reason;

    /**
     * @param path    the folder or file that failed to load
     * @param message what is wrong with it and what to do, without the path (it is prepended)
     * @param cause   the underlying failure, or {@code null}
     */
    public ModelLoadException(Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
        this.reason = message;
    }

    /** Returns the folder or file that failed to load. */
    public Path path() {
        return path;
    }

    /** Returns what is wrong with {@link #path()}, without the path. */
    public String reason() {
        return reason;
    }
}
