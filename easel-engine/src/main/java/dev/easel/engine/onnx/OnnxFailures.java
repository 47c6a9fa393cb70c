package dev.easel.engine.onnx;

import ai.onnxruntime.OrtException;
import dev.easel.engine.BackendOutOfMemoryException;
import dev.easel.engine.EngineException;
import java.util.Locale;

/**
 * Translates ONNX Runtime failures during a run into the model layer's typed exceptions.
 *
 * <p>ONNX Runtime reports an allocation failure as a runtime error whose message names it (the
 * CPU arena says "Failed to allocate memory", the CUDA provider "out of memory" or
 * "CUBLAS_STATUS_ALLOC_FAILED"). There is no dedicated error code, so the message is matched.
 */
public final class OnnxFailures {

    private static final String[] OUT_OF_MEMORY_MARKERS = {
        "failed to allocate memory",
        "out of memory",
        "bad allocation",
        "bad_alloc",
        "alloc_failed",
        "cudaerrormemoryallocation",
    };

    private OnnxFailures() {
    }

    /** Returns whether an ONNX Runtime failure reports an allocation failure. */
    public static boolean isOutOfMemory(OrtException failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(Locale.ROOT);
        for (String marker : OUT_OF_MEMORY_MARKERS) {
            if (message.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the typed exception for a failed session run.
     *
     * @param component what was running, for example {@code unet}
     * @param batchSize images in the batch, reported with an out-of-memory failure
     */
    public static EngineException translate(String component, int batchSize, OrtException failure) {
        if (isOutOfMemory(failure)) {
            return new BackendOutOfMemoryException(batchSize, failure);
        }
        return new EngineException(component + " failed in ONNX Runtime: " + failure.getMessage(), failure);
    }
}
