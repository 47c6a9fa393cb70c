package dev.easel.server.it;

import dev.easel.server.support.Http;
import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server survives SIGKILL without losing an accepted task. Several threads submit while the
 * process is killed mid-run, three times over the same data folder. After the last restart, every
 * task that got a 202 exists, reaches a final state, and has its output written once.
 */
class CrashDurabilityIT {

    private static final int CYCLES = 3;
    private static final int THREADS = 6;
    private static final List<String> SETTINGS = List.of(
            "--easel.workers.count=2",
            "--easel.backends.timed.step-time=20ms",
            "--easel.backends.timed.steps=5",
            "--easel.backends.timed.max-batch=4",
            "--easel.retry.initial-backoff=100ms");

    @TempDir
    Path data;

    /** Acknowledged tasks as {@code id|user}. */
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    @Test
    void killNine_everyAcceptedTaskFinishes() throws Exception {
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
                submitUntilKilled(server, cycle);
            }
        }

        try (ServerProcess server = ServerProcess.start(data, SETTINGS)) {
            Http http = server.http();
            assertThat(accepted).as("tasks acknowledged with 202 across the cycles").hasSizeGreaterThan(300);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> allFinished(http));

            int succeeded = 0;
            for (String entry : accepted) {
                String id = entry.substring(0, entry.indexOf('|'));
                JsonNode task = http.get("/v1/tasks/" + id, userOf(entry)).json();
                assertThat(task.path("status").asString()).as("task %s", id).isIn("succeeded", "failed");
                assertThat(task.get("attempts").asInt()).as("attempts of %s", id).isBetween(1, 3);
                long succeededTransitions = stream(task.get("timeline")).filter(t -> t.get("to").asString().equals("succeeded")).count();
                if (task.get("status").asString().equals("succeeded")) {
                    succeeded++;
                    assertThat(task.get("outputs")).as("outputs of %s", id).hasSize(1);
                    assertThat(succeededTransitions).isEqualTo(1);
                    String outputUrl = task.get("outputs").get(0).get("url").asString();
                    assertThat(http.get(outputUrl, userOf(entry)).status()).isEqualTo(200);
                } else {
                    assertThat(task.get("outputs")).isEmpty();
                    assertThat(task.get("reason").asString()).contains("worker crashed");
                }
                Path folder = data.resolve("outputs").resolve(id);
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> files = Files.list(folder)) {
                        assertThat(files.toList()).as("files of %s", id).hasSizeLessThanOrEqualTo(1);
                    }
                }
            }
            assertThat(succeeded).isGreaterThan(accepted.size() / 2);
        }
    }

    private void submitUntilKilled(ServerProcess server, int cycle) throws Exception {
        Http http = server.http();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acceptedThisCycle = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            String user = "user-" + t;
            threads.execute(() -> {
                int n = 0;
                while (!stop.get()) {
                    try {
                        Http.Response response = http.post("/v1/tasks",
                                Map.of("model", "timed", "params", Map.of("prompt", "cycle " + cycle + " n " + n++, "seed", n)), user);
                        if (response.status() == 202) {
                            accepted.add(response.json().get("id").asString() + "|" + user);
                            acceptedThisCycle.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        // The server was killed; requests without a 202 were never acknowledged.
                    }
                }
            });
        }
        // Kill while submits are in flight, tasks are queued and a batch is running.
        await().atMost(Duration.ofMinutes(1)).until(() -> acceptedThisCycle.get() >= 150 && hasRunningWork(http));
        server.kill9();
        stop.set(true);
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private static boolean hasRunningWork(Http http) {
        try {
            return http.get("/actuator/health/readiness", null).json().path("components").path("easel").path("details")
                    .path("running_batches").asInt() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean allFinished(Http http) {
        List<String> users = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            users.add("user-" + t);
        }
        for (String user : users) {
            JsonNode page = http.get("/v1/tasks?status=queued,running,retrying&limit=1", user).json();
            if (page.get("items").size() > 0) {
                return false;
            }
        }
        return true;
    }

    private static String userOf(String entry) {
        return entry.substring(entry.indexOf('|') + 1);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
