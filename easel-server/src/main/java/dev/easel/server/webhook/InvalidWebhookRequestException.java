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

    public InvalidWebhookRequestException(String field, String value, String rule) {
        super(field + " '" + value + "' is invalid: it " + rule);
        this.field = field;
        this.value = value;
        this.rule = rule;
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
}
