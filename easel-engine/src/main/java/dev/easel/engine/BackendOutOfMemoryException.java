package dev.easel.engine;

/** The batch did not fit in accelerator or host memory. Retry with a smaller batch. */
public class BackendOutOfMemoryException extends EngineException {

    private final int batchSize;

    public BackendOutOfMemoryException(int batchSize, Throwable cause) {
        super("out of memory running a batch of " + batchSize, cause);
        this.batchSize = batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
