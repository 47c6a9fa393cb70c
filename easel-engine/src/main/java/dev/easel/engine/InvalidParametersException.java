package dev.easel.engine;

/** A parameter breaks a model's schema. Not retryable: the request must change. */
public class InvalidParametersException extends EngineException {

    private final String field;
    private final transient Object value;
    private final String rule;

    /**
     * @param field the parameter name
     * @param value the value given, or {@code null} when it was missing
     * @param rule  the rule it breaks, for example {@code must be a multiple of 8}
     */
    public InvalidParametersException(String field, Object value, String rule) {
        super(field + (value == null ? "" : " = " + value) + ": " + rule);
        this.field = field;
        this.value = value;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }

    public String rule() {
        return rule;
    }
}
