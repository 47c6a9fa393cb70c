package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue survives a hard kill. Queued jobs keep tier, order, submit time and position, and the
 * job that was running runs again as attempt 2, never showing success without an image.
 */
class RestartScenarioIT {

    private static final String USER = "restart-user";
    private static final List<String> SETTINGS = List.of(
            "--easel.workers.count=1",
            "--easel.backends.timed.step-time=100ms",
            "--easel.backends.timed.steps=30",
            "--easel.backends.timed.max-batch=1");

    @TempDir
    Path data;

    @Test
    void killDuringRun_keepsQueueAndRetriesJob() throws Exception {
        List<String> ids = new ArrayList<>();
        Map<String, JsonNode> before = new LinkedHashMap<>();
        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            http.keyOf(USER, "enterprise");
            String[] tiers = {"normal", "high", "low", "normal", "high"};
            for (int i = 0; i < tiers.length; i++) {
                Http.Response response = http.post("/v1/tasks",
                        Map.of("model", "timed", "tier", tiers[i], "params", Map.of("prompt", "J" + (i + 1))), USER);
                assertThat(response.status()).isEqualTo(202);
                ids.add(response.json().get("id").asString());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> status(http, ids.get(0)).equals("running"));
            Thread.sleep(1_000);
            for (String id : ids) {
                before.put(id, http.get("/v1/tasks/" + id, USER).json());
            }
            server.kill9();
        }

        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(http, ids.get(0)).equals("running"));
            JsonNode first = http.get("/v1/tasks/" + ids.get(0), USER).json();
            assertThat(first.get("attempts").asInt()).isEqualTo(2);
            assertThat(first.get("timeline").toString()).contains("worker crashed: the server stopped during attempt 1");

            for (String id : ids.subList(1, ids.size())) {
                JsonNode was = before.get(id);
                JsonNode now = http.get("/v1/tasks/" + id, USER).json();
                assertThat(now.get("status").asString()).as("status of %s", id).isEqualTo("queued");
                assertThat(now.get("tier").asString()).isEqualTo(was.get("tier").asString());
                assertThat(now.get("queued_at").asString()).isEqualTo(was.get("queued_at").asString());
                assertThat(now.get("position").asInt()).as("position of %s", id).isEqualTo(was.get("position").asInt());
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> status(http, id).equals("succeeded")));
            JsonNode done = http.get("/v1/tasks/" + ids.get(0), USER).json();
            assertThat(done.get("outputs")).hasSize(1);
            assertThat(http.get(done.get("outputs").get(0).get("url").asString(), USER).status()).isEqualTo(200);
            for (String id : ids) {
                JsonNode task = http.get("/v1/tasks/" + id, USER).json();
                long terminal = 0;
                for (JsonNode transition : task.get("timeline")) {
                    if (List.of("succeeded", "failed", "canceled", "expired").contains(transition.get("to").asString())) {
                        terminal++;
                    }
                }
                assertThat(terminal).as("terminal transitions of %s", id).isEqualTo(1);
            }
            assertThat(http.get("/v1/tasks/tsk_01M00000000000000000000000", USER).status()).isEqualTo(404);
        }
    }

    @Test
    void killDuringRequestedCancel_endsCanceledAfterRestart() throws Exception {
        List<String> settings = List.of("--easel.workers.count=1", "--easel.backends.timed.step-time=100ms",
                "--easel.backends.timed.hang-time=60s", "--easel.cancel.grace=30s");
        String id;
        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http http = server.http();
            id = http.submitTimed(USER, Map.of("prompt", "HANG until killed"));
            await().atMost(Duration.ofSeconds(10)).until(() -> status(http, id).equals("running"));
            Http.Response cancel = http.post("/v1/tasks/" + id + "/cancel", "{}", USER);
            assertThat(cancel.status()).isEqualTo(202);
            server.kill9();
        }

        try (ServerProcess server = ServerProcess.start(data, settings)) {
            JsonNode task = server.http().get("/v1/tasks/" + id, USER).json();
            assertThat(task.get("status").asString()).isEqualTo("canceled");
            assertThat(task.get("attempts").asInt()).isEqualTo(1);
            assertThat(task.get("reason").asString()).contains("server stopped before the run did");
        }
    }

    private static String status(Http http, String id) {
        return http.get("/v1/tasks/" + id, USER).json().path("status").asString();
    }
}
