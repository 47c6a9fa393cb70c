package dev.easel.client;

import java.time.Duration;
import java.util.Map;

/**
 * The Easel API answered with an error status. Carries the problem+json body (RFC 9457) with its
 * stable {@code code}, for example {@code rate_limited}, and the {@code Retry-After} when given.
 */
public final class EaselApiException extends RuntimeException {

    private final int status;
    private final Map<String, Object> problem;
    private final Duration retryAfter;

    EaselApiException(int status, Map<String, Object> problem, Duration retryAfter) {
        super(describe(status, problem));
        this.status = status;
        this.problem = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(problem));
        this.retryAfter = retryAfter;
    }

    /** Returns the HTTP status, for example 429. */
    public int status() {
        return status;
    }

    /** Returns the problem's machine-readable {@code code}, or {@code null} when the body had none. */
    public String code() {
        Object code = problem.get("code");
        return code == null ? null : code.toString();
    }

    /** Returns the problem+json body as a map; empty when the body was not JSON. */
    public Map<String, Object> problem() {
        return problem;
    }

    /** Returns the server's {@code Retry-After}, or {@code null} when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    private static String describe(int status, Map<String, Object> problem) {
        Object code = problem.get("code");
        Object detail = problem.getOrDefault("detail", problem.get("title"));
        return "Easel API answered " + status + (code == null ? "" : " " + code) + (detail == null ? "" : ": " + detail);
    }
}
