package dev.easel.server.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON client for tests over real HTTP on loopback. Thread-safe. */
public final class Http {

    /**
     * One response.
     *
     * @param status  HTTP status
     * @param headers response headers
     * @param body    body as text
     */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        /** Returns the body parsed as JSON. */
        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** Returns a header, or {@code null}. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    public HttpClient client() {
        return client;
    }

    /** POSTs a JSON body as this user. */
    public Response post(String path, String json, String user) {
        return send(request(path, user).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** POSTs a JSON body built from a map as this user. */
    public Response post(String path, Map<String, ?> body, String user) {
        return post(path, JSON.writeValueAsString(body), user);
    }

    public Response get(String path, String user) {
        return send(request(path, user).GET());
    }

    /** Sends a request built by the caller. */
    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Returns a request builder for a path, with the user header when {@code user} is not null. */
    public HttpRequest.Builder request(String path, String user) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            builder.header("X-Easel-User", user);
        }
        return builder;
    }

    /** Submits a task on the timed back end and returns its id; fails the test unless the status is 202. */
    public String submitTimed(String user, Map<String, ?> params) {
        Response response = post("/v1/tasks", Map.of("model", "timed", "params", params), user);
        if (response.status() != 202) {
            throw new AssertionError("submit answered " + response.status() + ": " + response.body());
        }
        return response.json().get("id").asString();
    }
}
