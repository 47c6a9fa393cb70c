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
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small JSON client for tests over real HTTP on loopback. Thread-safe.
 *
 * <p>Methods take a {@code user}: an API key ({@code esk_...} or the admin key) is sent as it is;
 * any other text is a user name, created once through the admin API (plan {@code pro}, so its
 * tasks default to the {@code normal} tier) and remembered with its key.
 */
public final class Http {

    /** The admin key that test servers are started with ({@code easel.auth.admin-key}). */
    public static final String TEST_ADMIN_KEY = "test-admin-key-0123456789abcdef0123456789abcdef";

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
    private final Map<String, String> keys;

    /** A client whose user names are created anew on this server. */
    public Http(int port) {
        this(port, new ConcurrentHashMap<>());
    }

    /**
     * A client that shares user names and keys with other clients of the same store, for a
     * server restarted on the same data folder.
     */
    public Http(int port, Map<String, String> keys) {
        this.base = "http://127.0.0.1:" + port;
        this.keys = keys;
    }

    /** Returns the API key of a user name, creating the user on first use; a key is returned as it is. */
    public String keyOf(String user) {
        if (user.startsWith("esk_") || user.equals(TEST_ADMIN_KEY)) {
            return user;
        }
        return keys.computeIfAbsent(user, name -> createUser(name, "pro").get("api_key").asString());
    }

    /** Returns the API key of a user name, creating the user with this plan on first use. */
    public String keyOf(String user, String plan) {
        return keys.computeIfAbsent(user, name -> createUser(name, plan).get("api_key").asString());
    }

    /** Creates a user through the admin API and returns the answer (user, key_id, api_key). */
    public JsonNode createUser(String name, String plan) {
        Response response = post("/v1/admin/users", Map.of("name", name, "plan", plan), TEST_ADMIN_KEY);
        if (response.status() != 201) {
            throw new AssertionError("creating user " + name + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
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

    /** Returns a request builder for a path, with the user's bearer key when {@code user} is not null. */
    public HttpRequest.Builder request(String path, String user) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            builder.header("Authorization", "Bearer " + keyOf(user));
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
