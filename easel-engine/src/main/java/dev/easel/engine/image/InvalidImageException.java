package dev.easel.engine.image;

import dev.easel.engine.InvalidParametersException;

/**
 * An uploaded file cannot be used as an image. A subtype of {@link InvalidParametersException}, so
 * callers that turn those into "bad request" responses handle it too; {@link #reason()} lets them
 * choose a translated message.
 */
public class InvalidImageException extends InvalidParametersException {

    /** Reason a file was rejected. */
    public enum Reason {
        /** The file has no bytes. */
        EMPTY,
        /** The bytes are not an image in any format Easel reads. */
        NOT_AN_IMAGE,
        /** The file is an image in a format Easel cannot decode (for example WebP or HEIC). */
        UNSUPPORTED_FORMAT,
        /** The header declares more pixels than the configured limit (a decompression bomb guard). */
        TOO_MANY_PIXELS,
        /** The encoded file is larger than the configured limit. */
        FILE_TOO_LARGE,
        /** The header was readable but the image data is damaged or truncated. */
        CORRUPT
    }

    private final Reason reason;

    /**
     * @param field  the request field that carried the file, for example {@code image}
     * @param value  what to show of the value: a file name, a format or a size
     * @param reason why it was rejected
     * @param rule   the rule it breaks, in words
     */
    public InvalidImageException(String field, Object value, Reason reason, String rule) {
        super(field, value, rule);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
