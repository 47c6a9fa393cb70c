package dev.easel.server.admission;

/**
 * The {@code Idempotency-Key} header is malformed. The API answers 400 with a problem+json body
 * naming the header, the value and the rule.
 */
public final class InvalidIdempotencyKeyException extends RuntimeException {

    private final String value;
    private final String rule;

    InvalidIdempotencyKeyException(String value, String rule) {
        super(IdempotencyKeys.HEADER + " '" + abbreviate(value) + "' is invalid: it " + rule);
        this.value = value;
        this.rule = rule;
    }

    /** Returns the header name, {@code Idempotency-Key}. */
    public String field() {
        return IdempotencyKeys.HEADER;
    }

    /** Returns the rejected value. */
    public String value() {
        return value;
    }

    /** Returns the rule it broke, in English. */
    public String rule() {
        return rule;
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
