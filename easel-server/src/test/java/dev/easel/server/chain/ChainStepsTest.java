package dev.easel.server.chain;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.dispatch.JobTicket;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.store.TaskRecord;
import dev.easel.server.support.Http;
import dev.easel.server.task.JobLifecycle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Multi-step tasks on one worker with the timed back end (20 ms per step). A step whose back end
 * is unavailable waits and retries without using up its two attempts. A step whose back end stays
 * unavailable longer than 3 s ends the task failed with the earlier steps' outputs. A cancel that
 * meets the end of a step never lets the next step start. Backoff starts at 200 ms and stops
 * growing at 500 ms, a hanging prompt hangs 3 s, and a stuck cancel escalates after 2 s.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChainStepsTest {

    static final Path DATA = temporaryFolder();

    @LocalServerPort
    int port;

    @Autowired
    DispatchLoop loop;

    @Autowired
    JdbcTaskStore store;

    @Autowired
    JobLifecycle lifecycle;

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
        registry.add("easel.backends.timed.hang-time", () -> "3s");
        registry.add("easel.retry.max-attempts", () -> "2");
        registry.add("easel.retry.initial-backoff", () -> "200ms");
        registry.add("easel.retry.max-backoff", () -> "500ms");
        registry.add("easel.retry.unavailable-for", () -> "3s");
        registry.add("easel.cancel.grace", () -> "2s");
        registry.add("easel.catalog.dir", () -> writeCatalog(DATA.resolve("catalog")).toString());
    }

    @BeforeEach
    void newClient() {
        http = new Http(port);
        user = "user-" + UUID.randomUUID();
    }

    @Test
    void unavailableStep_retriesThenSucceeds() {
        String id = submit("unavailable-four-times");

        JsonNode task = awaitStatus(id, "succeeded");

        assertThat(task.path("steps").get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(task.path("steps").get(1).path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("steps").get(1).path("attempts").asInt()).isEqualTo(1);
        assertThat(task.path("outputs")).hasSize(2);
        String timeline = task.path("timeline").toString();
        assertThat(timeline).contains("the back end is unavailable").contains("the attempt is not counted")
                .contains("\"to\":\"retrying\"").doesNotContain("\"to\":\"failed\"");
        for (JsonNode output : task.path("outputs")) {
            assertThat(http.get(output.path("url").asString(), user).status()).isEqualTo(200);
        }
    }

    @Test
    void unavailableForGood_failsKeepingFirstOutput() {
        String id = submit("unavailable-always");

        JsonNode task = awaitStatus(id, "failed");

        assertThat(task.path("steps").get(0).path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("steps").get(1).path("status").asString()).isEqualTo("failed");
        assertThat(task.path("steps").get(1).path("attempts").asInt()).isEqualTo(1);
        assertThat(task.path("reason").asString()).contains("the back end is unavailable")
                .contains("stayed unavailable for").contains("longer than the 3.0 s limit");
        assertThat(task.path("outputs")).hasSize(1);
        assertThat(task.path("steps").get(0).path("outputs")).hasSize(1);
        assertThat(http.get(task.path("outputs").get(0).path("url").asString(), user).status()).isEqualTo(200);
    }

    /**
     * The race of a cancel with the end of a step, made exact: while the first step hangs, the
     * user cancels, and the step's end is stored as if it had finished at that moment. The next
     * step must not start, and the task ends canceled.
     */
    @Test
    void cancelAtStepEnd_neverStartsNextStep() throws Exception {
        String id = submit("hang-then-draw");
        awaitTask(id, t -> t.path("progress").path("step").asInt() >= 1);
        Http.Response cancel = http.post("/v1/tasks/" + id + "/cancel", "{}", user);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);

        TaskRecord running = store.findTask(id).orElseThrow();
        JdbcTaskStore.NextStep next = new JdbcTaskStore.NextStep(1, "timed", "1", "txt2img",
                Map.of("prompt", "draw", "steps", 3, "seed", 0, "width", 64, "height", 64), 1);
        boolean advanced = store.advanceStep(id, running.attempts(), System.currentTimeMillis(), List.of(), next,
                "step 1 of 2 (hang) finished as the cancel arrived; step 2 (draw) queued").join();
        assertThat(advanced).isTrue();
        loop.continueChain(JobTicket.of(store.findTask(id).orElseThrow()), System.currentTimeMillis());

        JsonNode canceled = awaitStatus(id, "canceled");
        assertThat(canceled.path("reason").asString()).contains("before its next step started");
        // The hung call returns after 3 s; by then the next step would have run on the freed worker.
        Thread.sleep(4_000);
        JsonNode after = http.get("/v1/tasks/" + id, user).json();
        assertThat(after.path("status").asString()).isEqualTo("canceled");
        assertThat(after.path("steps").get(1).path("attempts").asInt()).isZero();
        int runs = 0;
        for (JsonNode transition : after.path("timeline")) {
            runs += transition.path("to").asString().equals("running") ? 1 : 0;
        }
        assertThat(runs).as("attempts started, the first step's only").isEqualTo(1);
    }

    /**
     * A cancel that read the task while its first step ran, and reaches the dispatch loop once the
     * second step waits in the queue, removes the second step.
     */
    @Test
    void cancelNamingFinishedStep_removesNextStep() throws Exception {
        // The first step (500 ms) starts on the idle worker. The other user's task then wins the
        // worker over the second step, because that user has had no worker time yet.
        String id = submit("slow-then-draw");
        awaitTask(id, t -> t.path("steps").get(0).path("status").asString().equals("running"));
        String other = "other-" + UUID.randomUUID();
        String blocker = http.submitTimed(other, Map.of("prompt", "keeps the worker busy", "steps", 100));
        JsonNode waiting = awaitTask(id, t -> t.path("steps").get(1).path("status").asString().equals("queued"));
        assertThat(http.get("/v1/tasks/" + blocker, other).json().path("status").asString()).isEqualTo("running");
        assertThat(waiting.path("status").asString()).isEqualTo("queued");

        DispatchLoop.CancelOutcome outcome = loop.cancel(id, TaskRecord.jobIdOf(id, 0)).get();

        assertThat(outcome).isEqualTo(DispatchLoop.CancelOutcome.REMOVED);
        lifecycle.cancelWaiting(JobTicket.of(store.findTask(id).orElseThrow()), "canceled by the user");
        awaitStatus(blocker, other, "succeeded");
        JsonNode after = http.get("/v1/tasks/" + id, user).json();
        assertThat(after.path("status").asString()).isEqualTo("canceled");
        assertThat(after.path("steps").get(1).path("attempts").asInt()).isZero();
        assertThat(after.path("outputs")).hasSize(1);
        assertThat(http.get(after.path("outputs").get(0).path("url").asString(), user).status()).isEqualTo(200);
    }

    private String submit(String pipeline) {
        Http.Response accepted = http.post("/v1/tasks", Map.of("pipeline", pipeline, "inputs", Map.of("prompt", "a fox")), user);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("id").asString();
    }

    private JsonNode awaitStatus(String taskId, String status) {
        return awaitStatus(taskId, user, status);
    }

    private JsonNode awaitStatus(String taskId, String owner, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = http.get("/v1/tasks/" + taskId, owner).json();
            return status.equals(last[0].path("status").asString());
        });
        return last[0];
    }

    private JsonNode awaitTask(String taskId, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            last[0] = http.get("/v1/tasks/" + taskId, user).json();
            return condition.test(last[0]);
        });
        return last[0];
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-chain-steps");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the timed test model and two-step pipelines: plain, with a slow or hanging first step, or an unavailable second step. */
    private static Path writeCatalog(Path root) {
        try {
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
            pipeline(root, "two-steps", "{input: prompt}", "draw");
            pipeline(root, "unavailable-four-times", "{input: prompt}", "UNAVAILABLE:4 draw");
            pipeline(root, "unavailable-always", "{input: prompt}", "UNAVAILABLE:99 draw");
            pipeline(root, "hang-then-draw", "HANG first", "draw");
            pipeline(root, "slow-then-draw", "{input: prompt}", 25, "draw");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pipeline(Path root, String id, String firstPrompt, String secondPrompt) throws IOException {
        pipeline(root, id, firstPrompt, 3, secondPrompt);
    }

    private static void pipeline(Path root, String id, String firstPrompt, int firstSteps, String secondPrompt) throws IOException {
        Files.writeString(root.resolve("pipelines/" + id + ".yaml"), """
                id: %s
                version: 1
                title: {en: Two timed steps, zh-CN: 两个计时步骤}
                inputs:
                  prompt: {type: text, required: true}
                steps:
                  - id: first
                    capability: txt2img
                    model: timed@stable
                    parameters:
                      prompt: %s
                      steps: %d
                  - id: second
                    capability: txt2img
                    model: timed@stable
                    parameters:
                      prompt: "%s"
                      steps: 3
                """.formatted(id, firstPrompt.startsWith("{") ? firstPrompt : "\"" + firstPrompt + "\"", firstSteps, secondPrompt));
    }
}
