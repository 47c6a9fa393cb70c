package dev.easel.server.api;

import java.io.IOException;

/** A request body grew past the configured maximum while it was being read. */
final class PayloadTooLargeException extends IOException {

    private final long maxBytes;

    PayloadTooLargeException(long maxBytes) {
        super("request body exceeds " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }
}
