package dev.easel.server.admin;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tier settings changed over the admin API survive a restart: the server is started, changed,
 * stopped and started again in this JVM on the same SQLite file, and the second server
 * dispatches and admits by the changed settings.
 */
class TierSettingsRestartTest {

    @TempDir
    Path data;

    private final Map<String, String> keys = new ConcurrentHashMap<>();

    @Test
    void adminChanges_restart_stayInForce() {
        try (ConfigurableApplicationContext first = start()) {
            Http http = client(first);
            assertThat(TierControlTestBase.put(http, "/v1/admin/tiers/low/scheduler", Map.of("weight", 1000, "max_wait_seconds", 900))
                    .status()).isEqualTo(200);
            assertThat(TierControlTestBase.put(http, "/v1/admin/tiers/high/scheduler", Map.of("weight", 1)).status()).isEqualTo(200);
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("when_wait_over_seconds", 30);
            rule.put("action", "cap");
            rule.put("max_steps", 12);
            assertThat(TierControlTestBase.put(http, "/v1/admin/tiers/low/limits",
                    Map.of("max_queued_per_user", 7, "degrade", List.of(rule))).status()).isEqualTo(200);
            assertThat(http.post("/v1/admin/tiers/normal/pause", Map.of("for_seconds", 600), Http.TEST_ADMIN_KEY).status())
                    .isEqualTo(200);
        }

        try (ConfigurableApplicationContext second = start()) {
            Http http = client(second);
            JsonNode low = TierControlTestBase.tier(http, "low");
            JsonNode high = TierControlTestBase.tier(http, "high");
            JsonNode normal = TierControlTestBase.tier(http, "normal");
            Http.Response paused = TierControlTestBase.submit(http, "restart-user", "normal", Map.of("prompt", "paused"));
            http.post("/v1/admin/tiers/normal/resume", "{}", Http.TEST_ADMIN_KEY);
            List<String> order = lowAndHighBehindBlocker(http);

            assertThat(low.get("scheduler").get("weight").asDouble()).isEqualTo(1000.0);
            assertThat(low.get("scheduler").get("max_wait_seconds").asDouble()).isEqualTo(900.0);
            assertThat(high.get("scheduler").get("weight").asDouble()).isEqualTo(1.0);
            assertThat(low.get("limits").get("max_queued_per_user").asInt()).isEqualTo(7);
            assertThat(low.get("limits").get("degrade").get(0).get("max_steps").asInt()).isEqualTo(12);
            assertThat(normal.get("paused").asBoolean()).isTrue();
            assertThat(paused.status()).isEqualTo(503);
            assertThat(Long.parseLong(paused.header("Retry-After"))).isBetween(500L, 600L);
            assertThat(order.subList(0, 4)).as("weights high 1, low 1000 after restart: " + order)
                    .filteredOn("low"::equals).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    /** Queues four high and four low tasks behind a blocker in the normal tier and returns the start order. */
    private static List<String> lowAndHighBehindBlocker(Http http) {
        String blockerUser = "blocker-" + UUID.randomUUID();
        String blocker = TierControlTestBase.occupyWorker(http, blockerUser);
        Map<String, String> tierOfTask = new LinkedHashMap<>();
        Map<String, String> userOfTask = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            for (String tier : List.of("high", "low")) {
                String owner = tier + "-" + i + "-" + UUID.randomUUID();
                String id = TierControlTestBase.submitted(http, owner, tier, Map.of("prompt", tier + " " + i, "steps", 1));
                tierOfTask.put(id, tier);
                userOfTask.put(id, owner);
            }
        }
        http.post("/v1/tasks/" + blocker + "/cancel", "{}", blockerUser);
        return TierControlTestBase.startOrder(http, tierOfTask, userOfTask);
    }

    private Http client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Http(port, keys);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EaselServerApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:sqlite:" + data.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000",
                "--easel.api.placement-wait=5s",
                "--easel.auth.admin-key=" + Http.TEST_ADMIN_KEY,
                "--easel.realtime.models=timed",
                "--easel.realtime.workers=0",
                "--easel.outputs.dir=" + data.resolve("outputs"),
                "--easel.workers.count=1",
                "--easel.workers.backends=timed",
                "--easel.backends.timed.step-time=100ms",
                "--easel.backends.timed.steps=5",
                "--easel.backends.timed.max-batch=1",
                "--easel.cancel.grace=1s");
    }
}
