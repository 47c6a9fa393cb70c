package dev.easel.server.dispatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many task submits with webhooks while an admin replays a delivery in a loop, over real HTTP on
 * the default SQLite store settings (WAL, {@code busy_timeout=10000}). The webhook outbox, its
 * dispatcher and the replays write the database beside the store writer. Every task must end, no
 * start write may fail, and each accepted cancel must end its task canceled.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookContentionTest {

    static final Path DATA = temporaryFolder();
    private static final int TASKS = 120;
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "expired");

    @LocalServerPort
    int port;

    private HttpServer receiver;
    private ListAppender<ILoggingEvent> dispatchLog;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.webhooks.allowlist", () -> "127.0.0.1/32");
        registry.add("easel.webhooks.poll-interval", () -> "50ms");
        registry.add("easel.workers.count", () -> "2");
        registry.add("easel.workers.backends", () -> "timed");
        registry.add("easel.backends.timed.step-time", () -> "20ms");
        registry.add("easel.backends.timed.max-batch", () -> "4");
        registry.add("easel.cancel.grace", () -> "1s");
    }

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
        dispatchLog = new ListAppender<>();
        dispatchLog.start();
        ((Logger) LoggerFactory.getLogger(DispatchLoop.class)).addAppender(dispatchLog);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(DispatchLoop.class)).detachAppender(dispatchLog);
        receiver.stop(0);
    }

    @Test
    void submitsWithWebhooks_duringReplays_allEnd() throws Exception {
        Http http = new Http(port);
        String user = "user-" + UUID.randomUUID();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String first = submit(http, user, hook, 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/v1/tasks/" + first + "/deliveries", user).json().get("items").size() == 3);
        List<String> deliveryIds = new ArrayList<>();
        http.get("/v1/tasks/" + first + "/deliveries", user).json().get("items").forEach(item -> deliveryIds.add(item.get("id").asString()));

        // An admin replays the first task's deliveries in a loop; a delivery that is still pending returns 409.
        AtomicBoolean replaying = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(10);
        List<CompletableFuture<Void>> replays = new ArrayList<>();
        for (String deliveryId : deliveryIds) {
            replays.add(CompletableFuture.runAsync(() -> {
                while (replaying.get()) {
                    int status = http.post("/v1/admin/deliveries/" + deliveryId + "/replay", "{}", Http.TEST_ADMIN_KEY).status();
                    assertThat(status).as("replay of %s", deliveryId).isIn(200, 409);
                }
            }, threads));
        }

        // Every fifth task is canceled right after its submit: queued, starting or running.
        Map<String, Integer> cancels = new ConcurrentHashMap<>();
        List<String> ids = new ArrayList<>(List.of(first));
        try {
            List<CompletableFuture<String>> submits = new ArrayList<>();
            for (int i = 1; i < TASKS; i++) {
                int index = i;
                submits.add(CompletableFuture.supplyAsync(() -> {
                    String id = submit(http, user, hook, index);
                    if (index % 5 == 0) {
                        cancels.put(id, http.post("/v1/tasks/" + id + "/cancel", "{}", user).status());
                    }
                    return id;
                }, threads));
            }
            for (CompletableFuture<String> submit : submits) {
                ids.add(submit.get(60, TimeUnit.SECONDS));
            }
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ids.stream().allMatch(id -> TERMINAL.contains(status(http, user, id))));
        } finally {
            replaying.set(false);
            CompletableFuture.allOf(replays.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            threads.shutdown();
        }

        for (String id : ids) {
            JsonNode task = http.get("/v1/tasks/" + id, user).json();
            Integer cancel = cancels.get(id);
            String expected = cancel == null || cancel == 409 ? "succeeded" : "canceled";
            assertThat(task.path("status").asString()).as("task %s (cancel answered %s): %s", id, cancel, task).isEqualTo(expected);
        }
        assertThat(cancels.values()).as("cancel statuses").allMatch(status -> status == 200 || status == 202 || status == 409);
        List<String> startFailures = dispatchLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains("could not mark")).toList();
        assertThat(startFailures).as("start writes that failed").isEmpty();
    }

    private static String submit(Http http, String user, String hook, int index) {
        Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("steps", 1 + index % 3, "seed", index),
                "webhook", Map.of("url", hook, "events", List.of("queued", "started", "succeeded"))), user);
        if (response.status() != 202) {
            throw new AssertionError("submit answered " + response.status() + ": " + response.body());
        }
        return response.json().get("id").asString();
    }

    private static String status(Http http, String user, String id) {
        return http.get("/v1/tasks/" + id, user).json().path("status").asString();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-webhook-contention");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
