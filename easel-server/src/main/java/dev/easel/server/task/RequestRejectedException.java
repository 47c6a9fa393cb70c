package dev.easel.server.task;

/**
 * A request that Easel turns down, with what the API needs for a problem+json response. The
 * user-facing title and detail come from the message bundle under {@code problem.<code>.*},
 * formatted with {@code field}, {@code value} and {@code limit}.
 *
 * <p>The {@code limit} member of the body is always the English text given here, a stable
 * machine-readable value. The detail words the limit with the bundle entry set by
 * {@link #withLimitMessage}; without one, the API maps the engine's model parameter rules to
 * bundle entries and uses any other limit text as it is, so it stays English inside a Chinese detail.
 */
public final class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final transient Object value;
    private final String limit;
    private Long retryAfterSeconds;
    private String limitKey;
    private Object[] limitArgs;

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

    /**
     * Words the limit in the problem detail with a message bundle entry, so that it reads in the
     * caller's language; the {@code limit} member of the body stays as given. Returns this exception.
     *
     * @param key  a bundle key such as {@code limit.one_of}
     * @param args the entry's arguments
     */
    public RequestRejectedException withLimitMessage(String key, Object... args) {
        this.limitKey = key;
        this.limitArgs = args.clone();
        return this;
    }

    /** Returns the bundle key that words the limit, or {@code null} when the limit text is used as it is. */
    public String limitKey() {
        return limitKey;
    }

    /** Returns the arguments of {@link #limitKey()}; empty when there is no key. */
    public Object[] limitArgs() {
        return limitArgs == null ? new Object[0] : limitArgs.clone();
    }
}
