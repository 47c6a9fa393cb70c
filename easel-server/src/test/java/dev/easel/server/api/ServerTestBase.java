package dev.easel.server.api;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The whole server on a random loopback port with an SQLite file in a temporary folder, two
 * in-process workers hosting the bundled tiny-sd model and the timed back end (20 ms per step,
 * one job per batch), plus one realtime worker for the timed back end with at most two
 * {@code POST /v1/run} calls in flight and a 3 s timeout. Webhooks may reach 127.0.0.1, and
 * their outbox is polled every 100 ms with retries from 200 ms. Subclasses share one Spring context;
 * each test uses its own user.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ServerTestBase {

    static final Path DATA = newDataFolder();

    @LocalServerPort
    int port;

    Http http;
    String user;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.api.placement-wait", () -> "5s");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.realtime.models", () -> "timed");
        registry.add("easel.realtime.max-in-flight", () -> "2");
        registry.add("easel.realtime.timeout", () -> "3s");
        registry.add("easel.webhooks.allowlist", () -> "127.0.0.1/32");
        registry.add("easel.webhooks.poll-interval", () -> "100ms");
        registry.add("easel.webhooks.retry.initial-delay", () -> "200ms");
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.count", () -> "2");
        registry.add("easel.workers.backends", () -> "tiny-sd,timed");
        registry.add("easel.backends.tiny-sd.model-dir", () -> System.getProperty("easel.tinySd", "../models/tiny-sd"));
        registry.add("easel.backends.timed.step-time", () -> "20ms");
        registry.add("easel.backends.timed.steps", () -> "5");
        registry.add("easel.backends.timed.max-batch", () -> "1");
        registry.add("easel.retry.initial-backoff", () -> "100ms");
        registry.add("easel.cancel.grace", () -> "1s");
        registry.add("easel.api.max-body-bytes", () -> "4096");
    }

    @BeforeEach
    void newClient() {
        http = new Http(port);
        user = "user-" + UUID.randomUUID();
    }

    /** Polls a task until the predicate is true and returns its last view. */
    JsonNode awaitTask(String taskId, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = http.get("/v1/tasks/" + taskId, user).json();
            return condition.test(last[0]);
        });
        return last[0];
    }

    /** Polls a task until it reaches this status. */
    JsonNode awaitStatus(String taskId, String status) {
        return awaitTask(taskId, t -> status.equals(t.path("status").asString()));
    }

    private static Path newDataFolder() {
        try {
            return Files.createTempDirectory("easel-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
