package dev.easel.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client for the Easel v1 task API over {@code java.net.http}.
 *
 * <pre>{@code
 * EaselClient easel = EaselClient.builder(URI.create("http://127.0.0.1:8080")).apiKey(key).build();
 * Map<String, Object> task = easel.submit(Map.of("model", "tiny-sd", "params", Map.of("prompt", "a lighthouse")), "order-42");
 * Map<String, Object> done = easel.waitForCompletion((String) task.get("id"), Duration.ofMinutes(2));
 * }</pre>
 *
 * <p>Tasks are JSON maps with the API's field names ({@code id}, {@code status}, {@code position},
 * {@code eta}...). An error status becomes an {@link EaselApiException} carrying the problem's
 * {@code code} and {@code Retry-After}; an I/O failure becomes an {@link java.io.UncheckedIOException}.
 *
 * <p>Thread-safe; share one instance.
 */
public final class EaselClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "expired");

    private final URI baseUri;
    private final HttpClient http;
    private final Map<String, String> headers;
    private final Duration requestTimeout;
    private final Duration pollInterval;

    private EaselClient(Builder builder) {
        this.baseUri = builder.baseUri;
        this.http = builder.http != null ? builder.http
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.headers = Map.copyOf(builder.headers);
        this.requestTimeout = builder.requestTimeout;
        this.pollInterval = builder.pollInterval;
    }

    /** Starts a client for the server at this base URI, for example {@code http://127.0.0.1:8080}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** Submits a task: {@code POST /v1/tasks}. Returns the accepted task (202). */
    public Map<String, Object> submit(Map<String, Object> request) {
        return submit(request, null);
    }

    /**
     * Submits a task with an {@code Idempotency-Key}: repeating the call with the same key and
     * body within 24 hours returns the original task instead of creating another.
     */
    public Map<String, Object> submit(Map<String, Object> request, String idempotencyKey) {
        HttpRequest.Builder post = request("/v1/tasks")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)));
        if (idempotencyKey != null) {
            post.header("Idempotency-Key", idempotencyKey);
        }
        return send(post.build());
    }

    /** Reads a task: {@code GET /v1/tasks/{id}}. */
    public Map<String, Object> get(String taskId) {
        return send(request("/v1/tasks/" + encode(taskId)).GET().build());
    }

    /**
     * Cancels a task: {@code POST /v1/tasks/{id}/cancel}. A queued task is canceled at once; a
     * running one reports {@code cancel_requested} and stops at its next step; a finished one
     * gives an {@link EaselApiException} with status 409.
     */
    public Map<String, Object> cancel(String taskId) {
        return send(request("/v1/tasks/" + encode(taskId) + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /**
     * Lists the caller's tasks, newest first: {@code GET /v1/tasks}.
     *
     * @param statuses only tasks in these states ({@code queued}, {@code running}...); empty for all
     * @param cursor   the {@code next_cursor} of the previous page, or {@code null}
     * @param limit    page size, or {@code null} for the server's default
     * @return the page: {@code items} and {@code next_cursor}
     */
    public Map<String, Object> list(List<String> statuses, String cursor, Integer limit) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (!statuses.isEmpty()) {
            query.add("status=" + encode(String.join(",", statuses)));
        }
        if (cursor != null) {
            query.add("cursor=" + encode(cursor));
        }
        if (limit != null) {
            query.add("limit=" + limit);
        }
        return send(request("/v1/tasks" + query).GET().build());
    }

    /**
     * Polls the task until it reaches a final state ({@code succeeded}, {@code failed},
     * {@code canceled} or {@code expired}) and returns it.
     *
     * @throws EaselTimeoutException when the task is still not final after {@code timeout}
     */
    public Map<String, Object> waitForCompletion(String taskId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Map<String, Object> task = get(taskId);
            if (TERMINAL.contains(String.valueOf(task.get("status")))) {
                return task;
            }

            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new EaselTimeoutException("task " + taskId + " is still " + task.get("status") + " after " + timeout);
            }
            sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        headers.forEach(builder::header);
        return builder;
    }

    private Map<String, Object> send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }

        Map<String, Object> body = parse(response.body());
        if (response.statusCode() >= 400) {
            Duration retryAfter = response.headers().firstValue("Retry-After")
                    .filter(value -> value.matches("[0-9]{1,9}"))
                    .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                    .orElse(null);
            throw new EaselApiException(response.statusCode(), body, retryAfter);
        }
        return body;
    }

    private static Map<String, Object> parse(byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        try {
            return JSON.readValue(body, MAP);
        } catch (JacksonException e) {
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("detail", new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8));
            return raw;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a task", e);
        }
    }

    /** Configures an {@link EaselClient}. */
    public static final class Builder {

        private final URI baseUri;
        private HttpClient http;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofSeconds(1);

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /** Sends {@code Authorization: Bearer <key>} on every call. */
        public Builder apiKey(String key) {
            return header("Authorization", "Bearer " + Objects.requireNonNull(key, "key"));
        }

        /** Sends an extra header on every call. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Uses this HTTP client instead of a new one that follows no redirects. */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Sets the limit for each request; 30 s by default. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Sets how often {@link #waitForCompletion} polls; 1 s by default. */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public EaselClient build() {
            return new EaselClient(this);
        }
    }
}
