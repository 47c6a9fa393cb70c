package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The task API end to end: submit, read, list, cancel, outputs, models, health and metrics. */
class TaskApiTest extends ServerTestBase {

    @Test
    void submit_answers202WithQueueFieldsAndLinks() {
        Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", "a fox")), user);

        assertThat(response.status()).isEqualTo(202);
        JsonNode body = response.json();
        String id = body.get("id").asString();
        assertThat(id).startsWith("tsk_");
        assertThat(response.header("Location")).isEqualTo("/v1/tasks/" + id);
        assertThat(body.get("status").asString()).isEqualTo("queued");
        assertThat(body.get("tier").asString()).isEqualTo("normal");
        assertThat(body.get("capability").asString()).isEqualTo("txt2img");
        assertThat(body.get("estimated_cost_seconds").asDouble()).isPositive();
        assertThat(body.get("position").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(body.get("eta").get("start_at").asString()).isNotEmpty();
        assertThat(body.get("eta").get("finish_at").asString()).isNotEmpty();
        assertThat(body.get("queued_at").asString()).isNotEmpty();
        assertThat(body.get("links").get("events").asString()).isEqualTo("/v1/tasks/" + id + "/events");
    }

    @Test
    void timedTask_succeeds_withOutputRecipeAndTimeline() {
        String id = http.submitTimed(user, Map.of("prompt", "a fox", "seed", 42, "width", 32, "height", 16));

        JsonNode task = awaitStatus(id, "succeeded");

        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.get("started_at").asString()).isNotEmpty();
        assertThat(task.get("finished_at").asString()).isNotEmpty();
        List<String> states = new ArrayList<>();
        task.get("timeline").forEach(t -> states.add(t.get("to").asString()));
        assertThat(states).containsExactly("queued", "running", "succeeded");
        JsonNode output = task.get("outputs").get(0);
        assertThat(output.get("width").asInt()).isEqualTo(32);
        assertThat(output.get("height").asInt()).isEqualTo(16);
        assertThat(output.get("recipe").get("seed").asLong()).isEqualTo(42);
        assertThat(output.get("recipe").get("backend").asString()).isEqualTo("timed");
        assertThat(output.get("recipe").get("parameters").get("prompt").asString()).isEqualTo("a fox");

        Http.Response image = http.get(output.get("url").asString(), user);
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.header("Content-Type")).isEqualTo("image/png");
        assertThat(image.header("Cache-Control")).contains("immutable").contains("max-age=31536000");
        assertThat(image.header("ETag")).isEqualTo("\"" + output.get("sha256").asString() + "\"");
        assertThat(image.body().substring(1, 4)).isEqualTo("PNG");
        Http.Response again = http.send(http.request(output.get("url").asString(), user).header("If-None-Match", image.header("ETag")).GET());
        assertThat(again.status()).isEqualTo(304);
    }

    @Test
    void tinySd_realModel_producesPng() {
        Http.Response response = http.post("/v1/tasks",
                Map.of("model", "tiny-sd", "params", Map.of("prompt", "a lighthouse at dusk", "steps", 2, "seed", 3)), user);
        assertThat(response.status()).isEqualTo(202);

        JsonNode task = awaitStatus(response.json().get("id").asString(), "succeeded");

        JsonNode output = task.get("outputs").get(0);
        assertThat(output.get("recipe").get("backend").asString()).isEqualTo("onnx-sd");
        assertThat(output.get("recipe").get("file_hash").asString()).hasSize(64);
        HttpRequest request = http.request(output.get("url").asString(), user).GET().build();
        byte[] png = send(request);
        assertThat(png).hasSizeGreaterThan(100);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void inputImage_isKeptWithTaskAndReachesBackEnd() throws Exception {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(24, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(picture, "png", png);
        String dataUrl = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png.toByteArray());

        String id = http.submitTimed(user, Map.of("prompt", "same size", "image", dataUrl));
        JsonNode task = awaitStatus(id, "succeeded");

        assertThat(task.get("params").get("image").asString()).startsWith("input:" + id + "/");
        JsonNode output = task.get("outputs").get(0);
        assertThat(output.get("width").asInt()).isEqualTo(24);
        assertThat(output.get("height").asInt()).isEqualTo(16);
    }

    @Test
    void get_anotherUsersTask_is404() {
        String id = http.submitTimed(user, Map.of("prompt", "mine"));

        Http.Response response = http.get("/v1/tasks/" + id, "someone-else");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asString()).isEqualTo("task_not_found");
        assertThat(http.get("/v1/tasks/" + id + "/events", "someone-else").status()).isEqualTo(404);
        assertThat(http.post("/v1/tasks/" + id + "/cancel", "{}", "someone-else").status()).isEqualTo(404);
    }

    @Test
    void get_unknownTask_is404NeverDone() {
        Http.Response response = http.get("/v1/tasks/tsk_00000000000000000000000000", user);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("value").asString()).isEqualTo("tsk_00000000000000000000000000");
    }

    @Test
    void list_newestFirst_withStatusFilterAndCursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(http.submitTimed(user, Map.of("prompt", "n" + i)));
        }
        ids.forEach(id -> awaitStatus(id, "succeeded"));
        String canceled = http.submitTimed(user, Map.of("prompt", "long", "steps", 1000));
        http.post("/v1/tasks/" + canceled + "/cancel", "{}", user);
        awaitStatus(canceled, "canceled");

        JsonNode first = http.get("/v1/tasks?limit=4", user).json();
        JsonNode second = http.get("/v1/tasks?limit=4&cursor=" + first.get("next_cursor").asString(), user).json();
        JsonNode succeeded = http.get("/v1/tasks?status=succeeded", user).json();

        List<String> listed = new ArrayList<>();
        first.get("items").forEach(t -> listed.add(t.get("id").asString()));
        second.get("items").forEach(t -> listed.add(t.get("id").asString()));
        assertThat(listed).containsExactly(canceled, ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(second.get("next_cursor").isNull()).isTrue();
        assertThat(succeeded.get("items")).hasSize(5);
        assertThat(http.get("/v1/tasks?status=canceled,failed", user).json().get("items")).hasSize(1);
    }

    @Test
    void cancel_runningTask_stopsAtNextStepBoundary() {
        String id = http.submitTimed(user, Map.of("prompt", "long", "steps", 1000));
        awaitTask(id, t -> t.path("progress").path("step").asInt() >= 2);

        Http.Response response = http.post("/v1/tasks/" + id + "/cancel", "{}", user);

        // 202 while the task stops; 200 when it already stopped at its next step before the response.
        assertThat(response.status()).isIn(200, 202);
        assertThat(response.json().get("status").asString()).isEqualTo(response.status() == 202 ? "running" : "canceled");
        JsonNode task = awaitStatus(id, "canceled");
        assertThat(task.get("reason").asString()).contains("stopped at step");
        assertThat(task.get("outputs")).isEmpty();
    }

    @Test
    void cancel_queuedTask_isCanceledAtOnce() {
        // Two workers: two long tasks occupy both, so the third stays queued.
        String a = http.submitTimed(user, Map.of("prompt", "long a", "steps", 1000));
        String b = http.submitTimed(user, Map.of("prompt", "long b", "steps", 1000));
        awaitStatus(a, "running");
        awaitStatus(b, "running");
        String queued = http.submitTimed(user, Map.of("prompt", "waiting"));

        Http.Response response = http.post("/v1/tasks/" + queued + "/cancel", "{}", user);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("canceled");
        assertThat(response.json().get("attempts").asInt()).isZero();
        http.post("/v1/tasks/" + a + "/cancel", "{}", user);
        http.post("/v1/tasks/" + b + "/cancel", "{}", user);
        awaitStatus(a, "canceled");
        awaitStatus(b, "canceled");
    }

    @Test
    void idleWorkers_allStartAtOnce() {
        // Two workers and two jobs: both start at once instead of queuing on one worker.
        String first = http.submitTimed(user, Map.of("prompt", "left", "steps", 25));
        String second = http.submitTimed(user + "-b", Map.of("prompt", "right", "steps", 25));

        JsonNode a = awaitStatus(first, "succeeded");
        user = user + "-b";
        JsonNode b = awaitStatus(second, "succeeded");

        long startA = java.time.Instant.parse(a.get("started_at").asString()).toEpochMilli();
        long startB = java.time.Instant.parse(b.get("started_at").asString()).toEpochMilli();
        long finishA = java.time.Instant.parse(a.get("finished_at").asString()).toEpochMilli();
        assertThat(Math.abs(startA - startB)).as("gap between the two starts, ms").isLessThan(400);
        assertThat(startB).as("second start before the first finish").isLessThan(finishA);
        assertThat(a.get("timeline").get(1).get("reason").asString())
                .isNotEqualTo(b.get("timeline").get(1).get("reason").asString());
    }

    @Test
    void cancel_finishedTask_is409WithReason() {
        String id = http.submitTimed(user, Map.of("prompt", "quick"));
        awaitStatus(id, "succeeded");

        Http.Response response = http.post("/v1/tasks/" + id + "/cancel", "{}", user);

        assertThat(response.status()).isEqualTo(409);
        JsonNode problem = response.json();
        assertThat(problem.get("code").asString()).isEqualTo("task_finished");
        assertThat(problem.get("value").asString()).isEqualTo("succeeded");
        assertThat(problem.get("detail").asString()).contains("succeeded");
        assertThat(http.get("/v1/tasks/" + id, user).json().get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void crashingWorker_retriesThenFailsAfterThreeAttempts() {
        String poison = http.submitTimed(user, Map.of("prompt", "please CRASH now"));
        String healthy = http.submitTimed(user, Map.of("prompt", "fine"));

        JsonNode failed = awaitStatus(poison, "failed");

        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("reason").asString()).contains("worker crashed").contains("all 3 attempts used");
        List<String> states = new ArrayList<>();
        failed.get("timeline").forEach(t -> states.add(t.get("to").asString()));
        assertThat(states).containsExactly("queued", "running", "retrying", "running", "retrying", "running", "failed");
        assertThat(awaitStatus(healthy, "succeeded").get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void models_listSchemasWithDefaultsAndLimits() {
        JsonNode models = http.get("/v1/models", user).json().get("items");

        JsonNode timed = null;
        for (JsonNode model : models) {
            if (model.get("id").asString().equals("timed")) {
                timed = model;
            }
        }
        assertThat(timed).isNotNull();
        assertThat(timed.get("capabilities").get(0).asString()).isEqualTo("txt2img");
        JsonNode steps = null;
        for (JsonNode parameter : timed.get("parameters")) {
            if (parameter.get("name").asString().equals("steps")) {
                steps = parameter;
            }
        }
        assertThat(steps.get("default").asInt()).isEqualTo(5);
        assertThat(steps.get("max").asInt()).isEqualTo(1000);
        assertThat(steps.get("type").asString()).isEqualTo("integer");
        assertThat(models.toString()).contains("\"tiny-sd\"");
    }

    @Test
    void health_readinessIncludesStoreAndWorkers() {
        JsonNode readiness = http.get("/actuator/health/readiness", null).json();

        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").get("easel").get("details").get("store").asString()).isEqualTo("up");
        assertThat(readiness.get("components").get("easel").get("details").get("workers").asInt()).as("two shared workers and one realtime worker").isEqualTo(3);
    }

    @Test
    void prometheus_exposesQueueAndTaskMetrics() {
        String id = http.submitTimed(user, Map.of("prompt", "metrics"));
        awaitStatus(id, "succeeded");

        String metrics = http.get("/actuator/prometheus", null).body();

        assertThat(metrics).contains("easel_jobs_queued{application=\"easel\",tier=\"normal\"}");
        assertThat(metrics).contains("easel_job_wait_seconds_bucket");
        assertThat(metrics).contains("easel_job_run_seconds_bucket");
        assertThat(metrics).contains("easel_batch_size_count");
        assertThat(metrics).contains("easel_worker_busy_seconds_total");
        assertThat(metrics).contains("easel_tasks_finished_total");
        assertThat(metrics).contains("easel_store_group_writes_count");
    }

    @Test
    void openApi_documentsTheTaskEndpoints() {
        JsonNode api = http.get("/v3/api-docs", null).json();

        assertThat(api.get("paths").has("/v1/tasks")).isTrue();
        assertThat(api.get("paths").has("/v1/tasks/{id}/events")).isTrue();
        assertThat(api.get("paths").has("/v1/outputs/{id}")).isTrue();
        assertThat(http.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    private byte[] send(HttpRequest request) {
        try {
            return http.client().send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
