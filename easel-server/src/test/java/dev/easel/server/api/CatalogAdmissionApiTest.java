package dev.easel.server.api;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import dev.easel.server.support.TestCatalogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission of catalog work over real HTTP: {@code POST /v1/tasks/{id}/reproduce} and catalog
 * requests to {@code POST /v1/run}. The server has one worker slot and one realtime worker, both
 * with the timed back end at 20 ms per step, and the pipeline of two timed steps of
 * {@code src/test/resources/catalog-deadlines}. Each test sets limits through the admin API and
 * clears them afterwards; rate buckets are per user, and every test has its own user.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogAdmissionApiTest {

    static final Path DATA = TestCatalogs.newDataFolder("catalog-deadlines", "easel-catalog-admission");

    private static final Map<String, Object> ONE_PER_HOUR = Map.of("rate_requests", 1, "rate_period_seconds", 3600);

    @LocalServerPort
    int port;

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
        registry.add("easel.realtime.models", () -> "timed");
        registry.add("easel.realtime.timeout", () -> "3s");
        registry.add("easel.catalog.dir", () -> DATA.resolve("catalog").toString());
        registry.add("easel.cancel.grace", () -> "1s");
    }

    @BeforeEach
    void newClient() {
        http = new Http(port);
        user = "user-" + UUID.randomUUID();
    }

    @AfterEach
    void clearLimits() {
        setLimits("low", Map.of());
        setLimits("realtime", Map.of());
        http.post("/v1/admin/tiers/low/resume", "{}", Http.TEST_ADMIN_KEY);
    }

    @Test
    void reproduce_overRateLimit_is429WithRetryAfter() {
        String original = pipelineTask("low");
        setLimits("low", ONE_PER_HOUR);

        Http.Response first = reproduce(original, "low");
        Http.Response second = reproduce(original, "low");

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(second.status()).as(second.body()).isEqualTo(429);
        assertThat(second.json().get("code").asString()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(second.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(second.json().get("retry_after_seconds").asLong()).isEqualTo(Long.parseLong(second.header("Retry-After")));
    }

    @Test
    void reproduce_pausedTier_is503WithRetryAfter() {
        String original = pipelineTask("low");
        http.post("/v1/admin/tiers/low/pause", "{}", Http.TEST_ADMIN_KEY);

        Http.Response response = reproduce(original, "low");

        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.json().get("code").asString()).isEqualTo("tier_paused");
        assertThat(response.header("Retry-After")).isEqualTo("60");
    }

    @Test
    void reproduce_fullTierQueue_is429QueueFull() {
        String original = pipelineTask("low");
        setLimits("low", Map.of("max_queued", 0));

        Http.Response response = reproduce(original, "low");

        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.json().get("code").asString()).isEqualTo("queue_full");
        assertThat(response.json().get("value").asString()).isEqualTo("low");
    }

    @Test
    void reproduce_userAtQueuedLimit_is429TooManyQueued() {
        String busy = "busy-" + user;
        String blocker = http.submitTimed(busy, Map.of("prompt", "blocker", "steps", 1000));
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(http.get("/v1/tasks/" + blocker, busy).json()
                .path("status").asString()));
        String original = pipelineTask("low");
        setLimits("low", Map.of("max_queued_per_user", 1));

        Http.Response response = reproduce(original, "low");

        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.json().get("code").asString()).isEqualTo("too_many_queued");
        assertThat(response.json().get("value").asInt()).isEqualTo(1);
        assertThat(response.header("Retry-After")).isNotNull();
        http.post("/v1/tasks/" + original + "/cancel", "{}", user);
        http.post("/v1/tasks/" + blocker + "/cancel", "{}", busy);
    }

    @Test
    void reproduce_rejectedAfterAdmission_givesRateTokenBack() {
        String original = pipelineTask("low");
        String modelTask = http.submitTimed(user, Map.of("prompt", "no plan", "steps", 2));
        setLimits("low", ONE_PER_HOUR);

        Http.Response withoutPlan = reproduce(modelTask, "low");
        Http.Response valid = reproduce(original, "low");
        Http.Response next = reproduce(original, "low");

        assertThat(withoutPlan.status()).as(withoutPlan.body()).isEqualTo(404);
        assertThat(withoutPlan.json().get("code").asString()).isEqualTo("plan_not_found");
        assertThat(valid.status()).as(valid.body()).isEqualTo(202);
        assertThat(next.status()).as(next.body()).isEqualTo(429);
        assertThat(next.json().get("code").asString()).isEqualTo("rate_limited");
    }

    @Test
    void run_catalogRequestWithInvalidInputs_givesRateTokenBack() {
        setLimits("realtime", ONE_PER_HOUR);

        Http.Response invalid = http.post("/v1/run", Map.of("pipeline", "two-slow-steps",
                "inputs", Map.of("prompt", "too many steps", "steps", 5000)), user);
        Http.Response valid = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "corrected", "steps", 2)), user);
        Http.Response next = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "over the rate", "steps", 2)), user);

        assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
        assertThat(invalid.json().get("code").asString()).isEqualTo("invalid_input");
        assertThat(valid.status()).as(valid.body()).isEqualTo(200);
        assertThat(next.status()).as(next.body()).isEqualTo(429);
        assertThat(next.json().get("code").asString()).isEqualTo("rate_limited");
    }

    /** Submits a task of the two-step pipeline to a tier and returns its id. */
    private String pipelineTask(String tier) {
        Http.Response response = http.post("/v1/tasks", Map.of("pipeline", "two-slow-steps", "tier", tier,
                "inputs", Map.of("prompt", "a fox", "steps", 2)), user);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    private Http.Response reproduce(String taskId, String tier) {
        return http.post("/v1/tasks/" + taskId + "/reproduce?tier=" + tier, "{}", user);
    }

    private void setLimits(String tier, Map<String, Object> limits) {
        Http.Response response = http.send(http.request("/v1/admin/tiers/" + tier + "/limits", Http.TEST_ADMIN_KEY)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(limits))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
