package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reproducing a task after its pipeline got a new version and the packaged server restarted on the
 * same SQLite file: the copy runs the recorded pipeline version with the recorded seed and
 * parameters, because the server stored every catalog version it loaded.
 */
class ReproduceAfterRestartIT {

    private static final String USER = "reproduce-user";

    @TempDir
    Path data;

    @Test
    void reproduce_afterCatalogChangeAndRestart_usesTheRecordedVersions() throws Exception {
        Path catalog = writeCatalog(data.resolve("catalog"));
        List<String> settings = List.of("--easel.catalog.dir=" + catalog, "--easel.backends.timed.step-time=20ms");
        JsonNode original;
        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http http = server.http();
            original = awaitSucceeded(http, submit(http));
            Path pipeline = catalog.resolve("pipelines/sketch.yaml");
            Files.writeString(pipeline, Files.readString(pipeline).replace("version: 1", "version: 2").replace("steps: 3", "steps: 6"));
            Http.Response reloaded = http.post("/v1/admin/catalog/reload", "{}", Http.TEST_ADMIN_KEY);
            assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
        }

        try (ServerProcess server = ServerProcess.start(data, settings)) {
            Http http = server.http();
            JsonNode fresh = awaitSucceeded(http, submit(http));
            Http.Response again = http.post("/v1/tasks/" + original.path("id").asString() + "/reproduce", "{}", USER);
            assertThat(again.status()).as(again.body()).isEqualTo(202);
            JsonNode reproduced = awaitSucceeded(http, again.json().path("id").asString());

            assertThat(fresh.path("plan").path("pipelineVersion").asInt()).isEqualTo(2);
            assertThat(fresh.path("params").path("steps").asInt()).isEqualTo(6);
            assertThat(reproduced.path("plan").path("pipelineVersion").asInt()).isEqualTo(1);
            assertThat(reproduced.path("plan").path("inputs")).isEqualTo(original.path("plan").path("inputs"));
            assertThat(reproduced.path("params").path("seed").asLong()).isEqualTo(7);
            assertThat(reproduced.path("params")).isEqualTo(original.path("params"));
            assertThat(recipes(reproduced)).isEqualTo(recipes(original));
        }
    }

    private static String submit(Http http) {
        Http.Response accepted = http.post("/v1/tasks", Map.of("scene", "sketch", "inputs", Map.of("prompt", "a fox", "seed", 7)), USER);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("id").asString();
    }

    private static JsonNode awaitSucceeded(Http http, String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get("/v1/tasks/" + id, USER).json().path("status").asString().equals("succeeded"));
        return http.get("/v1/tasks/" + id, USER).json();
    }

    /** Returns each output's recipe without the fields that differ between two runs of the same recipe. */
    private static List<JsonNode> recipes(JsonNode task) {
        List<JsonNode> recipes = new ArrayList<>();
        for (JsonNode output : task.path("outputs")) {
            ObjectNode recipe = (ObjectNode) output.path("recipe").deepCopy();
            recipe.remove(List.of("duration_ms", "durationMillis", "worker", "task_id", "job_id", "created_at"));
            recipes.add(recipe);
        }
        return recipes;
    }

    /** Writes a catalog with the timed test model, a one-step pipeline and a scene on it. */
    private static Path writeCatalog(Path root) throws IOException {
        Files.createDirectories(root.resolve("models"));
        Files.createDirectories(root.resolve("pipelines"));
        Files.createDirectories(root.resolve("scenes"));
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
                      seed: {type: integer, min: 0, max: 2147483647}
                aliases:
                  stable: "1"
                """);
        Files.writeString(root.resolve("pipelines/sketch.yaml"), """
                id: sketch
                version: 1
                title: {en: Sketch, zh-CN: 草图}
                inputs:
                  prompt: {type: text, required: true, max_length: 500}
                  seed: {type: seed}
                steps:
                  - id: draw
                    capability: txt2img
                    model: timed@stable
                    parameters:
                      prompt: {input: prompt}
                      seed: {input: seed}
                      steps: 3
                """);
        Files.writeString(root.resolve("scenes/sketch.yaml"), """
                id: sketch
                version: 1
                pipeline: sketch
                title: {en: Sketch, zh-CN: 草图}
                form:
                  fields:
                    - name: prompt
                      type: text
                      required: true
                      max_length: 500
                      label: {en: Description, zh-CN: 画面描述}
                    - name: seed
                      type: seed
                      label: {en: Seed, zh-CN: 种子}
                """);
        return root;
    }
}
