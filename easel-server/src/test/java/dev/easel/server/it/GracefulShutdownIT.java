package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while a real ONNX Runtime job runs: the server stops the run at a step boundary, waits
 * for the native call to return before closing the sessions, exits cleanly, and the next start
 * runs the job again without counting the stopped attempt as a crash.
 */
class GracefulShutdownIT {

    private static final String USER = "shutdown-user";

    @TempDir
    Path data;

    @Test
    void sigtermDuringOnnxRun_exitsCleanlyAndRequeuesWithoutUsingAnAttempt() throws Exception {
        List<String> settings = List.of("--easel.workers.backends=tiny-sd",
                "--easel.backends.tiny-sd.model-dir=" + Path.of(System.getProperty("easel.tinySd", "../models/tiny-sd")).toAbsolutePath().normalize());
        String id;
        long pid;
        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http http = server.http();
            Http.Response response = http.post("/v1/tasks",
                    Map.of("model", "tiny-sd", "params", Map.of("prompt", "a long walk", "steps", 150, "seed", 5)), USER);
            assertThat(response.status()).isEqualTo(202);
            id = response.json().get("id").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> !task(http, id).path("progress").isMissingNode()
                    && task(http, id).path("progress").path("step").asInt() >= 1);
            pid = server.pid();

            int exit = server.terminate(Duration.ofSeconds(60));

            assertThat(exit).as("exit code after SIGTERM; log:%n%s", server.log()).isIn(0, 143);
            assertThat(server.log()).doesNotContain("SIGSEGV").contains("job requeued at shutdown");
        }
        assertThat(Path.of("hs_err_pid" + pid + ".log")).doesNotExist();
        assertThat(Files.exists(data.resolve("hs_err_pid" + pid + ".log"))).isFalse();

        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http http = server.http();
            await().atMost(Duration.ofSeconds(300)).until(() -> task(http, id).path("status").asString().equals("succeeded"));
            JsonNode done = task(http, id);
            assertThat(done.get("attempts").asInt()).isEqualTo(1);
            assertThat(done.get("timeline").toString())
                    .contains("the server shut down during attempt 1; the attempt is not counted")
                    .doesNotContain("worker crashed");
        }
    }

    private static JsonNode task(Http http, String id) {
        return http.get("/v1/tasks/" + id, USER).json();
    }
}
