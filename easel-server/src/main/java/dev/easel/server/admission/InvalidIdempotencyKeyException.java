package dev.easel.server.admission;

/**
 * The {@code Idempotency-Key} header is malformed. The API answers 400 with a problem+json body
 * naming the header, the value and the rule.
 */
public final class InvalidIdempotencyKeyException extends RuntimeException {

    private final String value;
    private final String rule;
    private final String ruleKey;
    private final Object[] ruleArgs;

    /**
     * @param rule     the rule in English, for example {@code must be 1 to 255 characters, was 300}
     * @param ruleKey  the message bundle entry that words the rule, for example {@code limit.idempotency_length}
     * @param ruleArgs the entry's arguments
     */
    InvalidIdempotencyKeyException(String value, String rule, String ruleKey, Object... ruleArgs) {
        super(IdempotencyKeys.HEADER + " '" + abbreviate(value) + "' is invalid: it " + rule);
        this.value = value;
        this.rule = rule;
        this.ruleKey = ruleKey;
        this.ruleArgs = ruleArgs.clone();
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

    /** Returns the message bundle key that words the rule in the caller's language. */
    public String ruleKey() {
        return ruleKey;
    }

    /** Returns the arguments of {@link #ruleKey()}. */
    public Object[] ruleArgs() {
        return ruleArgs.clone();
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
