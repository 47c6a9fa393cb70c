package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wait for an unavailable back end keeps its clock across a hard kill. A job's back end stays
 * unavailable, and its 8 s limit passes while the server is down, so the job fails at its first
 * run after the start instead of waiting another 8 s.
 */
class UnavailableRestartIT {

    private static final String USER = "unavailable-restart-user";
    private static final long LIMIT_MILLIS = 8_000;
    private static final List<String> SETTINGS = List.of(
            "--easel.workers.count=1",
            "--easel.backends.timed.step-time=20ms",
            "--easel.backends.timed.max-batch=1",
            "--easel.retry.max-attempts=2",
            "--easel.retry.initial-backoff=200ms",
            "--easel.retry.max-backoff=1s",
            "--easel.retry.unavailable-for=" + LIMIT_MILLIS + "ms");

    @TempDir
    Path data;

    @Test
    void restart_keepsOutageStart() throws Exception {
        String id;
        Instant firstRun;
        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            id = http.submitTimed(USER, Map.of("prompt", "UNAVAILABLE:999 a fox", "steps", 2));
            // Killed while it waits, with its next run at least 300 ms away, so that the kill never
            // catches a run (the recovery at start counts a run it finds as a crash).
            JsonNode waiting = awaitTask(http, id, t -> transitions(t, "retrying", Instant.EPOCH).size() >= 2
                    && t.path("status").asString().equals("retrying")
                    && Instant.parse(t.path("next_attempt_at").asString()).toEpochMilli() - System.currentTimeMillis() >= 300);
            server.kill9();
            firstRun = Instant.parse(transitions(waiting, "running", Instant.EPOCH).get(0).path("at").asString());
            assertThat(waiting.path("attempts").asInt()).isZero();
        }
        long resumeAt = firstRun.toEpochMilli() + LIMIT_MILLIS + 500;
        Thread.sleep(Math.max(0, resumeAt - System.currentTimeMillis()));
        Instant restart = Instant.now();

        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            JsonNode task = awaitTask(http, id, t -> t.path("status").asString().equals("failed"));

            assertThat(task.path("reason").asString()).contains("stayed unavailable for").contains("longer than the 8.0 s limit");
            String timeline = task.path("timeline").toString();
            assertThat(transitions(task, "running", restart)).as("runs after the restart in %s", timeline).hasSize(1);
            assertThat(transitions(task, "running", Instant.EPOCH)).as("attempts in %s", timeline)
                    .extracting(t -> t.path("attempt").asInt()).containsOnly(1);
        }
    }

    private static List<JsonNode> transitions(JsonNode task, String status, Instant after) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode transition : task.path("timeline")) {
            if (transition.path("to").asString().equals(status) && Instant.parse(transition.path("at").asString()).isAfter(after)) {
                found.add(transition);
            }
        }
        return found;
    }

    private static JsonNode awaitTask(Http http, String id, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = http.get("/v1/tasks/" + id, USER).json();
            return condition.test(last[0]);
        });
        return last[0];
    }
}
