package dev.easel.server.dispatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.easel.server.EaselServerApplication;
import dev.easel.server.store.JdbcTaskStore;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job whose move to running cannot be written stays in the dispatch loop's queue and runs once
 * writes work again. SQLite rejects such a write with "database is locked" when another writer has
 * the lock; here an SQLite trigger on the real database rejects it.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StartWriteFailureTest {

    static final Path DATA = temporaryFolder();
    private static final String MARKER = "start write fails";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTaskStore store;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.count", () -> "1");
        registry.add("easel.workers.backends", () -> "timed");
        registry.add("easel.backends.timed.step-time", () -> "20ms");
        registry.add("easel.backends.timed.max-batch", () -> "1");
    }

    @AfterEach
    void dropTrigger() {
        JdbcClient.create(dataSource).sql("DROP TRIGGER IF EXISTS reject_start").update();
    }

    private void rejectStartsOf(String marker) {
        JdbcClient.create(dataSource).sql("CREATE TRIGGER reject_start BEFORE UPDATE OF status ON tasks"
                + " WHEN NEW.status = 'RUNNING' AND NEW.params_json LIKE '%" + marker + "%'"
                + " BEGIN SELECT RAISE(ABORT, 'simulated: database is locked'); END").update();
    }

    @Test
    void failedStartWrite_isRetried() throws Exception {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        rejectStartsOf(MARKER);
        Http http = new Http(port);
        String user = "user-" + UUID.randomUUID();
        String id = http.submitTimed(user, Map.of("prompt", MARKER, "steps", 3));

        // Several starts fail while the trigger is there; the task stays queued with no attempt used.
        Thread.sleep(2_500);
        JsonNode waiting = http.get("/v1/tasks/" + id, user).json();
        assertThat(waiting.path("status").asString()).isEqualTo("queued");
        assertThat(waiting.path("attempts").asInt()).isZero();
        jdbc.sql("DROP TRIGGER reject_start").update();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> http.get("/v1/tasks/" + id, user).json().path("status").asString().equals("succeeded"));
        JsonNode done = http.get("/v1/tasks/" + id, user).json();
        assertThat(done.path("attempts").asInt()).isEqualTo(1);
        assertThat(done.path("outputs")).hasSize(1);
    }

    @Test
    void cancelDuringFailedStart_endsCanceled() throws Exception {
        ListAppender<ILoggingEvent> dispatchLog = new ListAppender<>();
        dispatchLog.start();
        Logger logger = (Logger) LoggerFactory.getLogger(DispatchLoop.class);
        logger.addAppender(dispatchLog);
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch releaseWriter = new CountDownLatch(1);
        try {
            String marker = "canceled while its start is written";
            rejectStartsOf(marker);
            Http http = new Http(port);
            String user = "user-" + UUID.randomUUID();
            String id = http.submitTimed(user, Map.of("prompt", marker, "steps", 3));
            await().atMost(Duration.ofSeconds(10)).until(() -> dispatchLog.list.stream()
                    .anyMatch(event -> event.getFormattedMessage().startsWith("could not mark jobs running")));

            // The failed start enters the queue again a second later. Its next start write then waits
            // behind this store write, and the cancel arrives while that write is in flight.
            store.write(connection -> {
                writerHeld.countDown();
                try {
                    return releaseWriter.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            assertThat(writerHeld.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1_500);
            CompletableFuture<Integer> cancel = CompletableFuture.supplyAsync(
                    () -> http.post("/v1/tasks/" + id + "/cancel", "{}", user).status());
            Thread.sleep(500);
            releaseWriter.countDown();
            assertThat(cancel.get(20, TimeUnit.SECONDS)).isIn(200, 202);
            JdbcClient.create(dataSource).sql("DROP TRIGGER reject_start").update();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> http.get("/v1/tasks/" + id, user).json().path("status").asString().equals("canceled"));
            // Starts would succeed now, so a task still held by the loop would run within this wait.
            Thread.sleep(2_000);
            JsonNode task = http.get("/v1/tasks/" + id, user).json();
            assertThat(task.path("status").asString()).isEqualTo("canceled");
            assertThat(task.path("attempts").asInt()).isZero();
            assertThat(task.path("outputs")).isEmpty();
        } finally {
            releaseWriter.countDown();
            logger.detachAppender(dispatchLog);
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-start-write");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
