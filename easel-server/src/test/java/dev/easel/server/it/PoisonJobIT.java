package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job that crashes the whole process is attempted at most three times across restarts, then
 * fails for good. The jobs behind it run, and a later restart does not bring it back.
 */
class PoisonJobIT {

    private static final String USER = "poison-user";
    private static final List<String> SETTINGS = List.of(
            "--easel.workers.count=1",
            "--easel.backends.timed.step-time=50ms",
            "--easel.backends.timed.steps=4",
            "--easel.backends.timed.max-batch=1",
            "--easel.backends.timed.crash-mode=halt",
            "--easel.retry.max-attempts=3");

    @TempDir
    Path data;

    @Test
    void crashingJob_failsAfterThreeAttempts() throws Exception {
        String poison;
        String second;
        String third;
        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            poison = http.submitTimed(USER, Map.of("prompt", "CRASH the worker"));
            second = submitQuietly(http, "J2");
            third = submitQuietly(http, "J3");
            assertThat(server.awaitExit(Duration.ofSeconds(30))).as("exit code after the first crash").isEqualTo(137);
        }
        for (int restart = 2; restart <= 3; restart++) {
            // Recovery puts the interrupted job back at once, so the process may crash before it is ready.
            try (ServerProcess server = ServerProcess.launch(data, SETTINGS)) {
                assertThat(server.awaitExit(Duration.ofSeconds(120))).as("exit code after crash %d", restart).isEqualTo(137);
            }
        }

        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            JsonNode failed = http.get("/v1/tasks/" + poison, USER).json();
            assertThat(failed.get("status").asString()).isEqualTo("failed");
            assertThat(failed.get("attempts").asInt()).isEqualTo(3);
            assertThat(failed.get("reason").asString()).contains("worker crashed").contains("all 3 attempts used");
            if (second != null) {
                await().atMost(Duration.ofSeconds(30)).until(() -> status(http, second).equals("succeeded"));
            }
            if (third != null) {
                await().atMost(Duration.ofSeconds(30)).until(() -> status(http, third).equals("succeeded"));
            }
            assertThat(http.post("/v1/tasks/" + poison + "/cancel", "{}", USER).status()).isEqualTo(409);
        }

        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            Thread.sleep(1_000);
            assertThat(server.isAlive()).isTrue();
            JsonNode still = http.get("/v1/tasks/" + poison, USER).json();
            assertThat(still.get("status").asString()).isEqualTo("failed");
            assertThat(still.get("attempts").asInt()).isEqualTo(3);
        }
    }

    /** Submits a normal task; returns null when the server crashed before it responded. */
    private static String submitQuietly(Http http, String prompt) {
        try {
            Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", prompt)), USER);
            return response.status() == 202 ? response.json().get("id").asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String status(Http http, String id) {
        return http.get("/v1/tasks/" + id, USER).json().path("status").asString();
    }
}
