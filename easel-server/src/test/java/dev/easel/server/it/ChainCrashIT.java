package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A chain survives a hard kill of the packaged server: a pipeline task killed during its second
 * step continues there after the restart, keeps its first step's output, and does not run the
 * first step again. An alias switch made through the admin API is still in force after a restart.
 */
class ChainCrashIT {

    private static final String USER = "chain-user";

    @TempDir
    Path data;

    @Test
    void killDuringSecondStep_continuesAtThatStep() throws Exception {
        Path catalog = writeCatalog(data.resolve("catalog"));
        List<String> settings = List.of(
                "--easel.workers.count=1",
                "--easel.backends.timed.step-time=100ms",
                "--easel.backends.timed.max-batch=1",
                "--easel.catalog.dir=" + catalog);
        String id;
        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http http = server.http();
            Http.Response accepted = http.post("/v1/tasks", Map.of("pipeline", "two-steps", "inputs", Map.of("prompt", "p")), USER);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            id = accepted.json().get("id").asString();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> task(http, id).path("steps").get(1).path("status").asString().equals("running"));
            server.kill9();
        }

        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http http = server.http();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> task(http, id).path("status").asString().equals("succeeded"));
            JsonNode done = task(http, id);

            assertThat(done.path("steps").get(0).path("attempts").asInt()).isEqualTo(1);
            assertThat(done.path("steps").get(1).path("attempts").asInt()).isEqualTo(2);
            assertThat(done.path("steps").get(0).path("outputs")).hasSize(1);
            assertThat(done.path("steps").get(1).path("outputs")).hasSize(1);
            assertThat(done.path("outputs")).hasSize(2);
            assertThat(done.path("timeline").toString()).contains("worker crashed: the server stopped during attempt 1");
            for (JsonNode output : done.path("outputs")) {
                assertThat(http.get(output.path("url").asString(), USER).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aliasSwitch_outlivesARestart() throws Exception {
        Path catalog = writeCatalog(data.resolve("catalog"));
        Path model = catalog.resolve("models/timed.yaml");
        Files.writeString(model, Files.readString(model).replace("aliases:", """
                  - version: "2"
                    backend: timed
                    remote: timed
                    capabilities: [txt2img]
                    cost_prior_seconds: 0.1
                aliases:"""));
        List<String> settings = List.of("--easel.catalog.dir=" + catalog);
        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http.Response switched = server.http().post("/v1/admin/catalog/models/timed/aliases/stable",
                    Map.of("version", "2", "reason", "canary"), Http.TEST_ADMIN_KEY);
            assertThat(switched.status()).as(switched.body()).isEqualTo(200);
            server.kill9();
        }

        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http http = server.http();
            JsonNode timed = http.get("/v1/catalog/models/timed", USER).json();
            JsonNode history = http.get("/v1/admin/catalog/aliases/history", Http.TEST_ADMIN_KEY).json();

            assertThat(timed.path("aliases").path("stable").asString()).isEqualTo("2");
            assertThat(history.path("items")).hasSize(1);
            assertThat(history.path("items").get(0).path("from").asString()).isEqualTo("1");
            assertThat(history.path("items").get(0).path("reason").asString()).isEqualTo("canary");
        }
    }

    private static JsonNode task(Http http, String id) {
        return http.get("/v1/tasks/" + id, USER).json();
    }

    /** A catalog with the timed test model and a pipeline of two timed steps (the second one slow). */
    private static Path writeCatalog(Path root) throws IOException {
        Files.createDirectories(root.resolve("models"));
        Files.createDirectories(root.resolve("pipelines"));
        Files.writeString(root.resolve("models/timed.yaml"), """
                id: timed
                title: {en: Timed test model, zh-CN: 计时测试模型}
                versions:
                  - version: "1"
                    backend: timed
                    remote: timed
                    capabilities: [txt2img]
                    cost_prior_seconds: 0.1
                    parameters:
                      prompt: {type: string, max_length: 2000}
                      steps: {type: integer, default: 5, min: 1, max: 1000}
                aliases:
                  stable: "1"
                """);
        Files.writeString(root.resolve("pipelines/two-steps.yaml"), """
                id: two-steps
                version: 1
                title: {en: Two timed steps, zh-CN: 两个计时步骤}
                inputs:
                  prompt: {type: text, required: true}
                steps:
                  - id: first
                    capability: txt2img
                    model: timed@stable
                    parameters:
                      prompt: {input: prompt}
                      steps: 3
                  - id: second
                    capability: txt2img
                    model: timed@stable
                    parameters:
                      prompt: {input: prompt}
                      steps: 40
                """);
        return root;
    }
}
