package dev.easel.server.scenario;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import dev.easel.server.support.SseClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Queueing scenarios on one worker with the timed back end: 20 steps of 50 ms, so one job runs
 * 1 s (the scenarios' 10 s scaled by 0.1). Cancel grace is 2 s, a hanging job hangs 8 s, and a
 * crashed attempt is retried after the default backoff of 1 s.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OneWorkerScenarioTest {

    static final Path DATA = newDataFolder();

    @LocalServerPort
    int port;

    private Http http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL");
        registry.add("easel.api.placement-wait", () -> "5s");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.count", () -> "1");
        registry.add("easel.workers.backends", () -> "timed");
        registry.add("easel.backends.timed.step-time", () -> "50ms");
        registry.add("easel.backends.timed.steps", () -> "20");
        registry.add("easel.backends.timed.max-batch", () -> "1");
        registry.add("easel.backends.timed.hang-time", () -> "8s");
        registry.add("easel.cancel.grace", () -> "2s");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    /** Progress and position belong to one job, and a user cannot open another user's stream. */
    @Test
    void stream_carriesOnlyItsOwnJob() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String first = http.submitTimed(alice, Map.of("prompt", "alice's"));
        String second = http.submitTimed(bob, Map.of("prompt", "bob's"));

        CompletableFuture<List<SseClient.Event>> aliceEvents = CompletableFuture.supplyAsync(() -> readStream(first, alice));
        CompletableFuture<List<SseClient.Event>> bobEvents = CompletableFuture.supplyAsync(() -> readStream(second, bob));
        Http.Response foreign = http.get("/v1/tasks/" + first + "/events", bob);

        assertThat(foreign.status()).isEqualTo(404);
        List<SseClient.Event> mine = aliceEvents.get();
        List<SseClient.Event> theirs = bobEvents.get();
        assertOnlyTask(mine, first);
        assertOnlyTask(theirs, second);
        assertThat(steps(mine)).containsExactlyElementsOf(range(1, 20));
        assertThat(steps(theirs)).containsExactlyElementsOf(range(1, 20));
        Instant firstFinished = transitionAt(mine, "succeeded");
        Instant secondStarted = transitionAt(theirs, "running");
        assertThat(secondStarted).isAfterOrEqualTo(firstFinished);
        List<Integer> positions = theirs.stream().filter(e -> e.type().equals("position")).map(e -> e.data().get("position").asInt()).toList();
        assertThat(positions).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    }

    /** Elapsed time and ETA count from the start of the run, never from the submit. */
    @Test
    void eta_countsFromStartNotSubmit() throws Exception {
        String user = "eta-" + UUID.randomUUID();
        awaitStatus(http.submitTimed(user, Map.of("prompt", "warm-up 1")), user, "succeeded");
        awaitStatus(http.submitTimed(user, Map.of("prompt", "warm-up 2")), user, "succeeded");

        long t0 = System.currentTimeMillis();
        String j1 = http.submitTimed(user, Map.of("prompt", "J1"));
        String j2 = http.submitTimed(user, Map.of("prompt", "J2"));
        String j3 = http.submitTimed(user, Map.of("prompt", "J3"));
        Thread.sleep(Math.max(0, t0 + 1_500 - System.currentTimeMillis()));

        JsonNode second = http.get("/v1/tasks/" + j2, user).json();
        JsonNode third = http.get("/v1/tasks/" + j3, user).json();
        double now = System.currentTimeMillis() / 1000.0;
        assertThat(second.get("status").asString()).isEqualTo("running");
        double elapsed = now - Instant.parse(second.get("started_at").asString()).toEpochMilli() / 1000.0;
        assertThat(elapsed).isCloseTo(0.5, within(0.35));
        assertThat(second.get("eta").get("finish_in_seconds").asDouble()).isCloseTo(0.5, within(0.35));
        assertThat(third.get("status").asString()).isEqualTo("queued");
        assertThat(third.get("started_at").isNull()).isTrue();
        assertThat(third.get("eta").get("start_in_seconds").asDouble()).isCloseTo(0.5, within(0.4));
        assertThat(third.get("eta").get("finish_in_seconds").asDouble()).isCloseTo(1.5, within(0.5));

        JsonNode done = awaitStatus(j3, user, "succeeded");
        long queued = Instant.parse(done.get("queued_at").asString()).toEpochMilli();
        long started = Instant.parse(done.get("started_at").asString()).toEpochMilli();
        long finished = Instant.parse(done.get("finished_at").asString()).toEpochMilli();
        assertThat((finished - started) / 1000.0).isCloseTo(1.0, within(0.3));
        assertThat((started - queued) / 1000.0).isCloseTo(2.0, within(0.5));
        awaitStatus(j1, user, "succeeded");
    }

    /** A running job that ignores the cancel is given up on after the grace period, and the queue moves on. */
    @Test
    void stuckCancel_escalatesAfterGrace() throws Exception {
        String user = "hang-" + UUID.randomUUID();
        String stuck = http.submitTimed(user, Map.of("prompt", "HANG forever"));
        awaitStatus(stuck, user, "running");
        String next = http.submitTimed(user, Map.of("prompt", "next in line"));
        Thread.sleep(300);

        long canceledAt = System.currentTimeMillis();
        Http.Response cancel = http.post("/v1/tasks/" + stuck + "/cancel", "{}", user);

        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().get("status").asString()).isEqualTo("running");
        assertThat(cancel.json().get("cancel_requested").asBoolean()).isTrue();
        JsonNode canceled = awaitStatus(stuck, user, "canceled");
        assertThat(System.currentTimeMillis() - canceledAt).isLessThan(4_000);
        assertThat(canceled.get("reason").asString()).contains("did not stop within 2 s");
        JsonNode started = awaitTask(next, user, t -> !t.get("started_at").isNull());
        long nextStart = Instant.parse(started.get("started_at").asString()).toEpochMilli();
        assertThat(nextStart - canceledAt).isLessThan(4_000);
        awaitStatus(next, user, "succeeded");

        // The hung call returns at about 8 s; its result is discarded.
        Thread.sleep(Math.max(0, canceledAt + 8_500 - System.currentTimeMillis()));
        JsonNode after = http.get("/v1/tasks/" + stuck, user).json();
        assertThat(after.get("status").asString()).isEqualTo("canceled");
        assertThat(after.get("outputs")).isEmpty();
    }

    /** A cancel while a crashed job waits in backoff removes it at once and stops further attempts. */
    @Test
    void cancelInBackoff_stopsFurtherAttempts() throws Exception {
        String user = "backoff-" + UUID.randomUUID();
        String poison = http.submitTimed(user, Map.of("prompt", "CRASH again"));
        awaitStatus(poison, user, "retrying");

        Http.Response cancel = http.post("/v1/tasks/" + poison + "/cancel", "{}", user);

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().get("status").asString()).isEqualTo("canceled");
        assertThat(cancel.json().get("attempts").asInt()).isEqualTo(1);
        Thread.sleep(2_000);
        JsonNode after = http.get("/v1/tasks/" + poison, user).json();
        assertThat(after.get("status").asString()).isEqualTo("canceled");
        assertThat(after.get("attempts").asInt()).isEqualTo(1);
    }

    private List<SseClient.Event> readStream(String taskId, String user) {
        try (SseClient stream = SseClient.open(http, taskId, user, null)) {
            return stream.readToEnd(30_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode awaitStatus(String taskId, String user, String status) {
        return awaitTask(taskId, user, t -> status.equals(t.path("status").asString()));
    }

    private JsonNode awaitTask(String taskId, String user, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25)).until(() -> {
            last[0] = http.get("/v1/tasks/" + taskId, user).json();
            return condition.test(last[0]);
        });
        return last[0];
    }

    private static void assertOnlyTask(List<SseClient.Event> events, String taskId) {
        assertThat(events).isNotEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.data().get("task_id").asString()).isEqualTo(taskId));
    }

    private static List<Integer> steps(List<SseClient.Event> events) {
        return events.stream().filter(e -> e.type().equals("progress")).map(e -> e.data().get("step").asInt()).toList();
    }

    private static Instant transitionAt(List<SseClient.Event> events, String state) {
        return events.stream().filter(e -> e.type().equals("transition") && e.data().get("to").asString().equals(state))
                .map(e -> Instant.parse(e.data().get("at").asString())).findFirst().orElseThrow();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }

    private static Path newDataFolder() {
        try {
            return Files.createTempDirectory("easel-scenario-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
