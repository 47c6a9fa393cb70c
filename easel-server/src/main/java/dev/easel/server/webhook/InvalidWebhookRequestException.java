package dev.easel.server.webhook;

/**
 * A webhook setting in a task request is invalid. Carries the request field, the rejected value
 * and the rule it broke, so that the API layer can answer 422 with a problem+json body in the
 * caller's language.
 */
public final class InvalidWebhookRequestException extends RuntimeException {

    private final String field;
    private final String value;
    private final String rule;
    private final String ruleKey;
    private final transient Object[] ruleArgs;

    public InvalidWebhookRequestException(String field, String value, String rule) {
        this(field, value, rule, null);
    }

    /**
     * @param rule     the rule in English, worded to follow "it"
     * @param ruleKey  the message bundle key that words the expected value in the caller's
     *                 language, for example {@code webhook.rule.scheme}; {@code null} to use
     *                 {@code rule} as it is
     * @param ruleArgs the bundle entry's arguments
     */
    public InvalidWebhookRequestException(String field, String value, String rule, String ruleKey, Object... ruleArgs) {
        super(field + " '" + value + "' is invalid: it " + rule);
        this.field = field;
        this.value = value;
        this.rule = rule;
        this.ruleKey = ruleKey;
        this.ruleArgs = ruleArgs.clone();
    }

    /** Returns the request field, for example {@code webhook.url}. */
    public String field() {
        return field;
    }

    /** Returns the rejected value as the request gave it. */
    public String value() {
        return value;
    }

    /**
     * Returns the rule the value broke, in English, worded to follow "it" ("must be an absolute
     * http or https URL"), for logs and as a message argument.
     */
    public String rule() {
        return rule;
    }

    /** Returns the bundle key that words the expected value, or {@code null} when there is none. */
    public String ruleKey() {
        return ruleKey;
    }

    /** Returns the arguments of {@link #ruleKey()}. */
    public Object[] ruleArgs() {
        return ruleArgs.clone();
    }
}
