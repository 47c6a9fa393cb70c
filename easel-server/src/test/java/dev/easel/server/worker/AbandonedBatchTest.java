package dev.easel.server.worker;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
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
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a stuck cancel does to a worker with one slot (timed back end, 20 ms per step, a hanging
 * prompt hangs 3 s, cancel grace 1 s). The escalation gives the slot to the next batch while the
 * abandoned call still runs, so for a moment the worker runs two back-end calls. That is the
 * intended trade: a stuck back end must not hold up the queue. The scheduler itself still starts
 * one batch at a time, and the abandoned call's end frees nothing a second time.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AbandonedBatchTest {

    static final Path DATA = temporaryFolder();

    @LocalServerPort
    int port;

    @Autowired
    WorkerPool workers;

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
        registry.add("easel.cancel.grace", () -> "1s");
    }

    @Test
    void stuckCancel_freesSlotForOneLiveBatch() {
        Http http = new Http(port);
        String user = "user-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        String stuck = http.submitTimed(user, Map.of("prompt", "HANG on purpose", "steps", 3));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get("/v1/tasks/" + stuck, user).json().path("progress").path("step").asInt() >= 1);
        String next = http.submitTimed(user, Map.of("prompt", "next", "steps", 200));

        Http.Response cancel = http.post("/v1/tasks/" + stuck + "/cancel", "{}", user);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);

        // After the grace period the next task runs while the hung call has not returned yet.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> http.get("/v1/tasks/" + next, user).json().path("status").asString().equals("running"));
        assertThat(http.get("/v1/tasks/" + stuck, user).json().path("status").asString()).isEqualTo("canceled");
        assertThat(workers.runningBatches()).as("the abandoned call and the next batch").isEqualTo(2);

        // A third task waits for the live batch, not for the abandoned one, and not beside it.
        String third = http.submitTimed(other, Map.of("prompt", "third", "steps", 5));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> workers.runningBatches() == 1);
        assertThat(http.get("/v1/tasks/" + next, user).json().path("status").asString()).isEqualTo("running");
        assertThat(http.get("/v1/tasks/" + third, other).json().path("status").asString()).isEqualTo("queued");

        JsonNode nextDone = awaitSucceeded(http, next, user);
        JsonNode thirdDone = awaitSucceeded(http, third, other);
        assertThat(Instant.parse(thirdDone.path("started_at").asString()))
                .isAfterOrEqualTo(Instant.parse(nextDone.path("finished_at").asString()));
        assertThat(http.get("/v1/tasks/" + stuck, user).json().path("outputs")).isEmpty();
    }

    private static JsonNode awaitSucceeded(Http http, String id, String owner) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.get("/v1/tasks/" + id, owner).json().path("status").asString().equals("succeeded"));
        return http.get("/v1/tasks/" + id, owner).json();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-abandoned-batch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
