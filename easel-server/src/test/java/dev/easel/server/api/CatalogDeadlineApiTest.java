package dev.easel.server.api;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import dev.easel.server.support.TestCatalogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines and {@code Idempotency-Key} on multi-step catalog tasks over real HTTP: one worker
 * slot, the timed back end at 20 ms per step, and a pipeline of two timed steps
 * ({@code src/test/resources/catalog-deadlines}). A deadline covers the whole task.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogDeadlineApiTest {

    static final Path DATA = TestCatalogs.newDataFolder("catalog-deadlines", "easel-catalog-deadlines");

    @LocalServerPort
    int port;

    Http http;
    String user;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.count", () -> "1");
        registry.add("easel.workers.backends", () -> "timed");
        registry.add("easel.backends.timed.step-time", () -> "20ms");
        registry.add("easel.backends.timed.max-batch", () -> "1");
        registry.add("easel.catalog.dir", () -> DATA.resolve("catalog").toString());
        registry.add("easel.cancel.grace", () -> "1s");
    }

    @BeforeEach
    void newClient() {
        http = new Http(port);
        user = "user-" + UUID.randomUUID();
    }

    @Test
    void pipelineBody_sameKey_replays_otherInputs_conflict() {
        String body = "{\"pipeline\": \"two-slow-steps\", \"inputs\": {\"prompt\": \"a fox\", \"steps\": 2}}";

        Http.Response first = submit(body, "chain-1");
        Http.Response again = submit(body, "chain-1");
        Http.Response other = submit("{\"pipeline\": \"two-slow-steps\", \"inputs\": {\"prompt\": \"a wolf\", \"steps\": 2}}", "chain-1");

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(again.json().path("source").path("kind").asString()).isEqualTo("pipeline");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("field").asString()).isEqualTo("Idempotency-Key");
    }

    @Test
    void cancelAfter_duringSecondStep_cancelsTask() {
        // Each step takes 100 x 20 ms = 2 s, so cancel_after at 3 s falls in the second step.
        Http.Response accepted = http.post("/v1/tasks", Map.of("pipeline", "two-slow-steps",
                "inputs", Map.of("prompt", "slow", "steps", 100), "cancel_after", 3), user);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();

        JsonNode task = awaitStatus(id, "canceled");

        assertThat(task.get("reason").asString()).contains("cancel_after");
        List<String> reasons = new ArrayList<>();
        task.get("timeline").forEach(t -> reasons.add(t.get("reason").asString()));
        assertThat(reasons).anyMatch(r -> r.startsWith("step 1 of 2"));
        assertThat(task.get("outputs").size()).isEqualTo(1);
    }

    @Test
    void startBy_coversOnlyTheFirstStep() {
        // start_by at 1 s passes while the first 2-second step runs; the second step still runs.
        Http.Response accepted = http.post("/v1/tasks", Map.of("pipeline", "two-slow-steps",
                "inputs", Map.of("prompt", "in time", "steps", 100), "start_by", 1), user);
        String id = accepted.json().get("id").asString();

        JsonNode task = awaitStatus(id, "succeeded");

        assertThat(task.get("outputs").size()).isEqualTo(2);
        assertThat(task.get("start_by").isNull()).isFalse();
    }

    private Http.Response submit(String body, String key) {
        return http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode awaitStatus(String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = http.get("/v1/tasks/" + id, user).json();
            return status.equals(last[0].path("status").asString());
        });
        return last[0];
    }
}
