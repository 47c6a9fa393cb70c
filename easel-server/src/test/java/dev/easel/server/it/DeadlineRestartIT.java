package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines and idempotency keys survive a hard kill: a deadline that passes while the server is
 * down acts when it starts again, and a repeated request with a key stored before the kill
 * replays its task.
 */
class DeadlineRestartIT {

    private static final String USER = "deadline-restart-user";
    private static final String KEYED_BODY = "{\"model\": \"timed\", \"params\": {\"prompt\": \"keyed\", \"steps\": 2}}";
    private static final List<String> SETTINGS = List.of(
            "--easel.workers.count=1",
            "--easel.backends.timed.step-time=100ms",
            "--easel.backends.timed.max-batch=1");

    @TempDir
    Path data;

    @Test
    void restart_actsOnOverdueDeadlines_andReplaysKey() throws Exception {
        String blocker;
        String expiring;
        String canceling;
        String keyed;
        long killedAt;
        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            blocker = http.submitTimed(USER, Map.of("prompt", "blocks the only worker", "steps", 600));
            await().atMost(Duration.ofSeconds(20)).until(() -> status(http, blocker).equals("running"));
            expiring = submit(http, Map.of("model", "timed", "params", Map.of("prompt", "expires"), "start_by", 3));
            canceling = submit(http, Map.of("model", "timed", "params", Map.of("prompt", "canceled"), "cancel_after", 3));
            Http.Response first = keyed(http);
            assertThat(first.status()).isEqualTo(202);
            keyed = first.json().get("id").asString();
            server.kill9();
            killedAt = System.currentTimeMillis();
        }
        Thread.sleep(Math.max(0, killedAt + 3_500 - System.currentTimeMillis()));

        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();

            JsonNode expired = awaitStatus(http, expiring, "expired");
            JsonNode canceled = awaitStatus(http, canceling, "canceled");
            Http.Response replay = keyed(http);

            assertThat(expired.get("reason").asString()).contains("start_by");
            assertThat(canceled.get("reason").asString()).contains("cancel_after");
            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.json().get("id").asString()).isEqualTo(keyed);
            http.post("/v1/tasks/" + blocker + "/cancel", "{}", USER);
        }
    }

    private static String submit(Http http, Map<String, Object> body) {
        Http.Response response = http.post("/v1/tasks", body, USER);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    private static Http.Response keyed(Http http) {
        return http.send(http.request("/v1/tasks", USER).header("Content-Type", "application/json")
                .header("Idempotency-Key", "restart-key").POST(HttpRequest.BodyPublishers.ofString(KEYED_BODY)));
    }

    private static JsonNode awaitStatus(Http http, String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = http.get("/v1/tasks/" + id, USER).json();
            return status.equals(last[0].path("status").asString());
        });
        return last[0];
    }

    private static String status(Http http, String id) {
        return http.get("/v1/tasks/" + id, USER).json().path("status").asString();
    }
}
