package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cancel requested just before a clean shutdown is kept after the restart on the same SQLite file:
 * the task whose run the shutdown stopped ends canceled and never runs again. A queued task that
 * a shutdown left with its cancel requested (as servers before this fix left them) is canceled at
 * start instead of run.
 */
class CancelBeforeShutdownIT {

    private static final String USER = "cancel-user";
    private static final List<String> SETTINGS = List.of(
            "--easel.workers.count=1",
            "--easel.backends.timed.step-time=50ms",
            "--easel.backends.timed.max-batch=1",
            "--easel.backends.timed.hang-time=3s",
            "--easel.cancel.grace=60s",
            "--easel.workers.shutdown-wait=20s");

    @TempDir
    Path data;

    @Test
    void cancelJustBeforeShutdown_staysCanceledAfterRestart() throws Exception {
        String hung;
        String queued;
        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            hung = http.submitTimed(USER, Map.of("prompt", "HANG through the cancel", "steps", 5));
            queued = http.submitTimed(USER, Map.of("prompt", "waits behind it", "steps", 5));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> task(http, hung).path("progress").path("step").asInt() >= 1);
            Http.Response cancel = http.post("/v1/tasks/" + hung + "/cancel", "{}", USER);
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);

            int exit = server.terminate(Duration.ofSeconds(60));

            assertThat(exit).as("exit code after SIGTERM; log:%n%s", server.log()).isIn(0, 143);
        }
        // The queued task's row as a server without this fix could leave it: queued, with a cancel requested.
        requestCancelInDatabase(queued);

        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            JsonNode stopped = task(http, hung);
            JsonNode neverRun = task(http, queued);

            assertThat(stopped.path("status").asString()).isEqualTo("canceled");
            assertThat(stopped.path("reason").asString()).contains("the server shut down before the run stopped");
            assertThat(stopped.path("outputs")).isEmpty();
            assertThat(neverRun.path("status").asString()).isEqualTo("canceled");
            assertThat(neverRun.path("attempts").asInt()).isZero();
            Thread.sleep(1_000);
            assertThat(task(http, hung).path("status").asString()).isEqualTo("canceled");
            assertThat(task(http, queued).path("status").asString()).isEqualTo("canceled");
            assertThat(runs(task(http, hung))).isEqualTo(1);
            assertThat(runs(task(http, queued))).isZero();
        }
    }

    private void requestCancelInDatabase(String taskId) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("easel.db"));
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE tasks SET cancel_requested_at = ? WHERE id = ? AND status = 'QUEUED'")) {
            update.setLong(1, System.currentTimeMillis());
            update.setString(2, taskId);
            assertThat(update.executeUpdate()).as("queued rows of task %s", taskId).isEqualTo(1);
        }
    }

    private static int runs(JsonNode task) {
        int runs = 0;
        for (JsonNode transition : task.path("timeline")) {
            runs += transition.path("to").asString().equals("running") ? 1 : 0;
        }
        return runs;
    }

    private static JsonNode task(Http http, String id) {
        return http.get("/v1/tasks/" + id, USER).json();
    }
}
