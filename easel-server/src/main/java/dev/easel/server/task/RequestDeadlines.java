package dev.easel.server.task;

import dev.easel.server.store.TaskDeadlines;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code start_by} and {@code cancel_after} of a task request into {@link TaskDeadlines}.
 *
 * <p>Each takes one of two forms: a JSON string holding an ISO-8601 instant with a zone offset
 * ({@code "2026-12-05T10:00:00Z"}, {@code "2026-12-05T18:00:00+08:00"}), or a JSON number of
 * seconds from now ({@code 600}). A deadline must lie after now and at most {@link #MAX_AHEAD}
 * ahead, and {@code cancel_after} must not come before {@code start_by}. Every violation is a 400
 * {@code invalid_deadline} naming the field, the value and the rule. Stateless and thread-safe.
 */
public final class RequestDeadlines {

    /** How far ahead a deadline may lie. */
    public static final Duration MAX_AHEAD = Duration.ofDays(7);

    static final String START_BY = "start_by";
    static final String CANCEL_AFTER = "cancel_after";

    private static final String FORMS = "an ISO-8601 instant with offset, such as 2026-12-05T10:00:00Z, or a number of seconds from now";
    private static final String FORMS_KEY = "limit.deadline_forms";

    private RequestDeadlines() {
    }

    /**
     * Returns the deadlines of a request, {@link TaskDeadlines#NONE} when it sets neither.
     *
     * @param startBy     the {@code start_by} value as Jackson read it (text, number or other), or {@code null}
     * @param cancelAfter the {@code cancel_after} value, or {@code null}
     * @param nowMillis   the time of the request, milliseconds since the epoch
     * @throws RequestRejectedException 400 {@code invalid_deadline} for a malformed, past or too distant deadline
     */
    public static TaskDeadlines parse(Object startBy, Object cancelAfter, long nowMillis) {
        Long start = deadline(START_BY, startBy, nowMillis);
        Long cancel = deadline(CANCEL_AFTER, cancelAfter, nowMillis);
        if (start != null && cancel != null && cancel < start) {
            String startText = Instant.ofEpochMilli(start).toString();
            throw new RequestRejectedException(400, "invalid_deadline", CANCEL_AFTER, Instant.ofEpochMilli(cancel).toString(),
                    "a time not before start_by (" + startText + ")").withLimitMessage("limit.deadline_not_before_start", startText);
        }
        return new TaskDeadlines(start, cancel);
    }

    private static Long deadline(String field, Object value, long nowMillis) {
        if (value == null) {
            return null;
        }
        long at;
        if (value instanceof String text) {
            at = instant(field, text);
        } else if (value instanceof Number seconds) {
            at = fromNow(field, seconds, nowMillis);
        } else {
            throw new RequestRejectedException(400, "invalid_deadline", field, String.valueOf(value), FORMS).withLimitMessage(FORMS_KEY);
        }
        if (at <= nowMillis) {
            String now = Instant.ofEpochMilli(nowMillis).toString();
            throw new RequestRejectedException(400, "invalid_deadline", field, String.valueOf(value), "a time after now (" + now + ")")
                    .withLimitMessage("limit.deadline_after_now", now);
        }
        if (at > nowMillis + MAX_AHEAD.toMillis()) {
            String latest = Instant.ofEpochMilli(nowMillis + MAX_AHEAD.toMillis()).toString();
            throw new RequestRejectedException(400, "invalid_deadline", field, String.valueOf(value),
                    "at most " + MAX_AHEAD.toSeconds() + " seconds (" + MAX_AHEAD.toDays() + " days) from now, so not after " + latest)
                    .withLimitMessage("limit.deadline_latest", String.valueOf(MAX_AHEAD.toSeconds()), String.valueOf(MAX_AHEAD.toDays()), latest);
        }
        return at;
    }

    private static long instant(String field, String text) {
        try {
            // ISO_OFFSET_DATE_TIME leaves the seconds optional, as ISO 8601 does: 2026-12-05T10:15+08:00.
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text.trim(), java.time.OffsetDateTime::from).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new RequestRejectedException(400, "invalid_deadline", field, text, FORMS).withLimitMessage(FORMS_KEY);
        }
    }

    private static long fromNow(String field, Number seconds, long nowMillis) {
        BigDecimal exact = new BigDecimal(seconds.toString());
        BigDecimal limit = BigDecimal.valueOf(MAX_AHEAD.toSeconds() + 1);
        if (exact.compareTo(limit) > 0) {
            throw new RequestRejectedException(400, "invalid_deadline", field, seconds.toString(),
                    "at most " + MAX_AHEAD.toSeconds() + " seconds (" + MAX_AHEAD.toDays() + " days) from now")
                    .withLimitMessage("limit.deadline_max_ahead", String.valueOf(MAX_AHEAD.toSeconds()), String.valueOf(MAX_AHEAD.toDays()));
        }
        // Rounded up to whole milliseconds, so any positive number of seconds, however small, lies after now.
        return nowMillis + exact.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValue();
    }
}
