package dev.easel.server.task;

/**
 * A request that Easel turns down, with what the API needs for a problem+json response. The
 * user-facing title and detail come from the message bundle under {@code problem.<code>.*},
 * formatted with {@code field}, {@code value} and {@code limit}.
 */
public final class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final transient Object value;
    private final String limit;
    private Long retryAfterSeconds;

    /**
     * @param status HTTP status, for example 422
     * @param code   stable reason code, for example {@code invalid_parameter}
     * @param field  the request field at fault, or {@code null}
     * @param value  the value given, or {@code null}
     * @param limit  the rule or limit it breaks, or {@code null}
     */
    public RequestRejectedException(int status, String code, String field, Object value, String limit) {
        super(code + (field == null ? "" : " " + field) + (limit == null ? "" : ": " + limit));
        this.status = status;
        this.code = code;
        this.field = field;
        this.value = value;
        this.limit = limit;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }

    public String limit() {
        return limit;
    }

    /** Sets the {@code Retry-After} of the response, in whole seconds; returns this exception. */
    public RequestRejectedException withRetryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Returns the {@code Retry-After} of the response in seconds, or {@code null} when there is none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
