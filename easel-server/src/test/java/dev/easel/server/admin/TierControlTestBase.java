package dev.easel.server.admin;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole server on a random loopback port with an SQLite file, one in-process worker with one
 * slot hosting the timed back end at 100 ms per step, so that one long task occupies the only slot
 * and everything submitted behind it waits in the queue.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class TierControlTestBase {

    static final Path DATA = newDataFolder();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.api.placement-wait", () -> "5s");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.realtime.models", () -> "timed");
        registry.add("easel.realtime.workers", () -> "0");
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.count", () -> "1");
        registry.add("easel.workers.backends", () -> "timed");
        registry.add("easel.backends.timed.step-time", () -> "100ms");
        registry.add("easel.backends.timed.steps", () -> "5");
        registry.add("easel.backends.timed.max-batch", () -> "1");
        registry.add("easel.cancel.grace", () -> "1s");
        registry.add("easel.admission.paused-retry-after", () -> "45s");
    }

    /** Submits a timed task to a tier and returns the response; a new user gets the plan that allows every tier. */
    static Http.Response submit(Http http, String user, String tier, Map<String, Object> params) {
        http.keyOf(user, "enterprise");
        return http.post("/v1/tasks", Map.of("model", "timed", "tier", tier, "params", params), user);
    }

    /** Submits a timed task and returns its id; fails unless the response status is 202. */
    static String submitted(Http http, String user, String tier, Map<String, Object> params) {
        Http.Response response = submit(http, user, tier, params);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    /** Submits a long task that occupies the only worker slot and waits until it runs. */
    static String occupyWorker(Http http, String user) {
        String id = submitted(http, user, "normal", Map.of("prompt", "blocker", "steps", 1000));
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(http.get("/v1/tasks/" + id, user).json().path("status").asString()));
        return id;
    }

    static Http.Response put(Http http, String path, Object body) {
        return http.send(http.request(path, Http.TEST_ADMIN_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))));
    }

    /** Returns one tier from {@code GET /v1/admin/tiers}. */
    static JsonNode tier(Http http, String name) {
        for (JsonNode item : http.get("/v1/admin/tiers", Http.TEST_ADMIN_KEY).json().get("items")) {
            if (name.equals(item.get("name").asString())) {
                return item;
            }
        }
        throw new AssertionError("no tier " + name);
    }

    /** Polls a task until the predicate is true and returns its last view. */
    static JsonNode awaitTask(Http http, String user, String id, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = http.get("/v1/tasks/" + id, user).json();
            return condition.test(last[0]);
        });
        return last[0];
    }

    /** Returns the tiers of tasks in the order they started, after waiting for all to succeed. */
    static List<String> startOrder(Http http, Map<String, String> tierOfTask, Map<String, String> userOfTask) {
        List<JsonNode> finished = new ArrayList<>();
        for (String id : tierOfTask.keySet()) {
            finished.add(awaitTask(http, userOfTask.get(id), id, t -> "succeeded".equals(t.path("status").asString())));
        }
        finished.sort(Comparator.comparing((JsonNode t) -> java.time.Instant.parse(t.get("started_at").asString()))
                .thenComparing(t -> t.get("id").asString()));
        return finished.stream().map(t -> tierOfTask.get(t.get("id").asString())).toList();
    }

    private static Path newDataFolder() {
        try {
            return Files.createTempDirectory("easel-tier-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
