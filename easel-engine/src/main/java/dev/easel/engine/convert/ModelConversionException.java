package dev.easel.engine.convert;

import dev.easel.engine.EngineException;

/**
 * A model file could not be converted to ONNX: it is malformed, truncated, or uses a layer or
 * setting the converter does not support. Not retryable: the input files must change.
 */
public class ModelConversionException extends EngineException {

    public ModelConversionException(String message) {
        super(message);
    }

    public ModelConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
