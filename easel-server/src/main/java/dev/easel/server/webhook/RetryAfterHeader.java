package dev.easel.server.webhook;

import java.time.Duration;
import java.time.Instant;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.Header;

/** Reads a receiver's {@code Retry-After}: delay seconds or an HTTP date (RFC 9110, section 10.2.3). */
final class RetryAfterHeader {

    private RetryAfterHeader() {
    }

    /** Returns the delay in whole seconds, at least 0, or {@code null} when absent or unreadable. */
    static Long parseSeconds(Header header) {
        if (header == null) {
            return null;
        }
        String value = header.getValue().strip();
        if (value.matches("[0-9]{1,9}")) {
            return Long.parseLong(value);
        }

        Instant date = DateUtils.parseStandardDate(value);
        if (date == null) {
            return null;
        }
        return Math.max(0, Duration.between(Instant.now(), date).toSeconds());
    }
}
