package dev.easel.server.worker;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Single-step tasks whose back end raises {@code BackendUnavailableException}, over HTTP, on one
 * worker with the timed back end (20 ms per step). Two attempts per task, backoff from 100 ms up
 * to 400 ms, and a job waits at most 3 s for an unavailable back end. An unavailable run uses up
 * no attempt, so four of them still end in success, but a crash uses one up. A retry-after hint
 * from the back end lengthens the wait past the backoff.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnavailableBackendApiTest {

    static final Path DATA = temporaryFolder();

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
        registry.add("easel.retry.max-attempts", () -> "2");
        registry.add("easel.retry.initial-backoff", () -> "100ms");
        registry.add("easel.retry.max-backoff", () -> "400ms");
        registry.add("easel.retry.unavailable-for", () -> "3s");
    }

    @BeforeEach
    void newClient() {
        http = new Http(port);
        user = "user-" + UUID.randomUUID();
    }

    @Test
    void unavailableFourTimes_succeedsOnFirstAttempt() {
        String id = http.submitTimed(user, Map.of("prompt", "UNAVAILABLE:4 a fox", "steps", 2));

        JsonNode waiting = awaitTask(id, t -> t.path("status").asString().equals("retrying"));
        JsonNode task = awaitTask(id, t -> t.path("status").asString().equals("succeeded"));

        assertThat(waiting.path("reason").asString()).contains("the back end is unavailable").contains("retrying in")
                .contains("the attempt is not counted");
        assertThat(waiting.path("attempts").asInt()).isZero();
        assertThat(waiting.path("next_attempt_at").isNull()).isFalse();
        assertThat(task.path("attempts").asInt()).isEqualTo(1);
        assertThat(task.path("outputs")).hasSize(1);
        assertThat(transitionsTo(task, "retrying")).hasSize(4)
                .allSatisfy(t -> assertThat(t.path("reason").asString()).contains("back end unavailable for"));
        assertThat(transitionsTo(task, "running")).extracting(t -> t.path("attempt").asInt()).containsOnly(1);
    }

    @Test
    void unavailableLongerThanLimit_failsWithReason() {
        String id = http.submitTimed(user, Map.of("prompt", "UNAVAILABLE:999 a fox", "steps", 2));

        JsonNode task = awaitTask(id, t -> t.path("status").asString().equals("failed"));

        assertThat(task.path("reason").asString()).contains("the back end is unavailable")
                .contains("stayed unavailable for").contains("longer than the 3.0 s limit");
        assertThat(task.path("outputs")).isEmpty();
        List<JsonNode> runs = transitionsTo(task, "running");
        assertThat(runs.size()).as("runs before the limit").isGreaterThan(2);
        assertThat(runs).extracting(t -> t.path("attempt").asInt()).containsOnly(1);
        Instant firstRun = Instant.parse(runs.get(0).path("at").asString());
        Instant failed = Instant.parse(transitionsTo(task, "failed").get(0).path("at").asString());
        assertThat(Duration.between(firstRun, failed)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void retryAfterHint_delaysNextRun() {
        String id = http.submitTimed(user, Map.of("prompt", "UNAVAILABLE:1/1500ms a fox", "steps", 2));

        JsonNode task = awaitTask(id, t -> t.path("status").asString().equals("succeeded"));

        JsonNode retrying = transitionsTo(task, "retrying").get(0);
        JsonNode secondRun = transitionsTo(task, "running").get(1);
        assertThat(retrying.path("reason").asString()).contains("retrying in 1.5 s");
        Duration wait = Duration.between(Instant.parse(retrying.path("at").asString()), Instant.parse(secondRun.path("at").asString()));
        assertThat(wait).as("wait before the second run, above the 400 ms max backoff").isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        assertThat(task.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void crash_stillFailsAfterMaxAttempts() {
        String id = http.submitTimed(user, Map.of("prompt", "CRASH a fox", "steps", 2));

        JsonNode task = awaitTask(id, t -> t.path("status").asString().equals("failed"));

        assertThat(task.path("reason").asString()).contains("worker crashed").contains("all 2 attempts used");
        assertThat(task.path("attempts").asInt()).isEqualTo(2);
        assertThat(transitionsTo(task, "running")).extracting(t -> t.path("attempt").asInt()).containsExactly(1, 2);
    }

    private static List<JsonNode> transitionsTo(JsonNode task, String status) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode transition : task.path("timeline")) {
            if (transition.path("to").asString().equals(status)) {
                found.add(transition);
            }
        }
        return found;
    }

    private JsonNode awaitTask(String taskId, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            last[0] = http.get("/v1/tasks/" + taskId, user).json();
            return condition.test(last[0]);
        });
        return last[0];
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-unavailable");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
