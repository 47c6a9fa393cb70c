package dev.easel.server.admin;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Degrade rules, run-time tier weights, pauses and per-user admission over real HTTP, on a server
 * with a single worker slot.
 */
class TierControlApiTest extends TierControlTestBase {

    private Http http;
    private String user;
    private final List<String[]> toCancel = new ArrayList<>();

    @BeforeEach
    void newClient() {
        http = new Http(port);
        user = "user-" + UUID.randomUUID();
        http.keyOf(user, "enterprise");
    }

    @AfterEach
    void cleanUp() {
        for (String[] task : toCancel) {
            http.post("/v1/tasks/" + task[1] + "/cancel", "{}", task[0]);
        }
        assertThat(put(http, "/v1/admin/tiers/low/limits", Map.of("degrade", List.of())).status()).isEqualTo(200);
        put(http, "/v1/admin/tiers/low/scheduler", Map.of("weight", 10));
        put(http, "/v1/admin/tiers/high/scheduler", Map.of("weight", 70));
        http.post("/v1/admin/tiers/low/resume", "{}", Http.TEST_ADMIN_KEY);
        await().atMost(Duration.ofSeconds(30)).until(() -> tier(http, "low").get("queued").asInt() == 0
                && tier(http, "normal").get("queued").asInt() == 0);
    }

    @Test
    void degrade_lowBacklog_capsThenRejectsLowOnly() {
        String blockerUser = "blocker-" + UUID.randomUUID();
        toCancel.add(new String[] {blockerUser, occupyWorker(http, blockerUser)});
        for (int i = 0; i < 6; i++) {
            String queuedUser = "queued-" + i + "-" + UUID.randomUUID();
            toCancel.add(new String[] {queuedUser, submitted(http, queuedUser, "low", Map.of("prompt", "backlog", "steps", 50))});
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tier(http, "low").get("projected_wait_seconds").asDouble() > 4);
        double wait = tier(http, "low").get("projected_wait_seconds").asDouble();

        // 1. A cap rule below the projected wait caps steps and resolution of new low tasks.
        Map<String, Object> cap = rule(1, "cap", 10, 128 * 128);
        assertThat(put(http, "/v1/admin/tiers/low/limits", Map.of("degrade", List.of(cap))).status()).isEqualTo(200);
        String lowId = submitted(http, user, "low", Map.of("prompt", "capped", "steps", 40, "width", 256, "height", 256));
        toCancel.add(new String[] {user, lowId});
        String highId = submitted(http, user, "high", Map.of("prompt", "untouched", "steps", 40, "width", 256, "height", 256));
        toCancel.add(new String[] {user, highId});

        JsonNode low = http.get("/v1/tasks/" + lowId, user).json();
        assertThat(low.get("degraded").asBoolean()).as(low.toString()).isTrue();
        assertThat(low.get("params").get("steps").asInt()).isEqualTo(10);
        assertThat(low.get("params").get("width").asInt()).isEqualTo(128);
        assertThat(low.get("params").get("height").asInt()).isEqualTo(128);
        assertThat(low.get("degrade_changes").toString())
                .contains("{\"field\":\"steps\",\"requested\":40,\"applied\":10}")
                .contains("{\"field\":\"width\",\"requested\":256,\"applied\":128}");
        JsonNode high = http.get("/v1/tasks/" + highId, user).json();
        assertThat(high.get("degraded").asBoolean()).isFalse();
        assertThat(high.get("params").get("steps").asInt()).isEqualTo(40);

        // 2. A reject rule with a higher threshold, still below the projected wait, takes over.
        Map<String, Object> reject = rule(2, "reject", null, null);
        assertThat(put(http, "/v1/admin/tiers/low/limits", Map.of("degrade", List.of(cap, reject))).status()).isEqualTo(200);
        Http.Response rejected = submit(http, user, "low", Map.of("prompt", "rejected", "steps", 40));
        Http.Response highAgain = submit(http, user, "high", Map.of("prompt", "still admitted", "steps", 1));
        toCancel.add(new String[] {user, highAgain.json().path("id").asString()});

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(429);
        assertThat(rejected.json().get("code").asString()).isEqualTo("tier_overloaded");
        assertThat(rejected.json().get("value").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(1L, (long) Math.ceil(wait) + 60);
        assertThat(highAgain.status()).isEqualTo(202);
    }

    @Test
    void weights_changedAtRunTime_reorderDispatch() {
        List<String> defaultOrder = runBehindBlocker();
        assertThat(defaultOrder.subList(0, 4)).as("weights high 70, low 10: " + defaultOrder).filteredOn("high"::equals).hasSizeGreaterThanOrEqualTo(3);

        assertThat(put(http, "/v1/admin/tiers/low/scheduler", Map.of("weight", 1000)).status()).isEqualTo(200);
        JsonNode highTier = put(http, "/v1/admin/tiers/high/scheduler", Map.of("weight", 1)).json();
        List<String> changedOrder = runBehindBlocker();

        assertThat(highTier.get("scheduler").get("weight").asDouble()).isEqualTo(1.0);
        assertThat(tier(http, "low").get("scheduler").get("weight").asDouble()).isEqualTo(1000.0);
        assertThat(changedOrder.subList(0, 4)).as("weights high 1, low 1000: " + changedOrder).filteredOn("low"::equals).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void schedulerSettings_invalidWeight_is422NamingTheField() {
        Http.Response response = put(http, "/v1/admin/tiers/low/scheduler", Map.of("weight", 0));
        Http.Response unknown = put(http, "/v1/admin/tiers/nope/scheduler", Map.of("weight", 1));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo("invalid_tier_setting");
        assertThat(response.json().get("field").asString()).isEqualTo("weight");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asString()).isEqualTo("unknown_tier");
    }

    @Test
    void invalidSetting_inChinese_isWhollyChinese() {
        Http.Response response = http.send(http.request("/v1/admin/tiers/low/limits", Http.TEST_ADMIN_KEY)
                .header("Content-Type", "application/json").header("Accept-Language", "zh-CN")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"degrade\": [{\"when_wait_over_seconds\": 60, \"action\": \"shrink\"}]}")));

        String detail = response.json().get("detail").asString();
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("field").asString()).isEqualTo("degrade[0].action");
        assertThat(response.json().get("limit").asString()).isEqualTo("cap or reject");
        assertThat(detail).contains("degrade[0].action").contains("shrink").containsPattern("[\\u4e00-\\u9fff]");
        assertThat(detail.replace("degrade[0].action", "").replace("shrink", "").replace("cap", "").replace("reject", ""))
                .doesNotContainPattern("[A-Za-z]{2,}");
    }

    @Test
    void pause_timed_is503WithRemainingTime_untilResumed() {
        JsonNode paused = http.post("/v1/admin/tiers/low/pause", Map.of("for_seconds", 120), Http.TEST_ADMIN_KEY).json();
        Http.Response whilePaused = submit(http, user, "low", Map.of("prompt", "paused"));
        Http.Response otherTier = submit(http, user, "high", Map.of("prompt", "other tier"));
        http.post("/v1/admin/tiers/low/resume", "{}", Http.TEST_ADMIN_KEY);
        Http.Response resumed = submit(http, user, "low", Map.of("prompt", "resumed"));

        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.get("paused_until").asString()).isNotEmpty();
        assertThat(whilePaused.status()).isEqualTo(503);
        assertThat(whilePaused.json().get("code").asString()).isEqualTo("tier_paused");
        assertThat(Long.parseLong(whilePaused.header("Retry-After"))).isBetween(100L, 120L);
        assertThat(otherTier.status()).isEqualTo(202);
        assertThat(resumed.status()).isEqualTo(202);
    }

    @Test
    void pause_withoutEnd_usesConfiguredRetryAfter() {
        http.post("/v1/admin/tiers/low/pause", "{}", Http.TEST_ADMIN_KEY);

        Http.Response whilePaused = submit(http, user, "low", Map.of("prompt", "paused"));

        assertThat(whilePaused.status()).isEqualTo(503);
        assertThat(whilePaused.header("Retry-After")).isEqualTo("45");
    }

    @Test
    void maxQueuedPerUser_concurrentSubmits_admitOne() throws Exception {
        String blockerUser = "blocker-" + UUID.randomUUID();
        toCancel.add(new String[] {blockerUser, occupyWorker(http, blockerUser)});
        assertThat(put(http, "/v1/admin/tiers/low/limits", Map.of("max_queued_per_user", 1)).status()).isEqualTo(200);
        http.keyOf(user);

        int requests = 8;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<Future<Http.Response>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                int n = i;
                responses.add(pool.submit(() -> submit(http, user, "low", Map.of("prompt", "concurrent " + n))));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Http.Response> response : responses) {
                Http.Response answered = response.get();
                statuses.add(answered.status());
                if (answered.status() == 202) {
                    toCancel.add(new String[] {user, answered.json().get("id").asString()});
                } else {
                    assertThat(answered.json().get("code").asString()).isEqualTo("too_many_queued");
                }
            }

            assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(requests - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(put(http, "/v1/admin/tiers/low/limits", Map.of()).status()).isEqualTo(200);
    }

    /**
     * Queues four high and four low tasks behind a blocker, alternating, frees the worker, and
     * returns the tiers in the order the eight started.
     */
    private List<String> runBehindBlocker() {
        String blockerUser = "blocker-" + UUID.randomUUID();
        String blocker = occupyWorker(http, blockerUser);
        Map<String, String> tierOfTask = new LinkedHashMap<>();
        Map<String, String> userOfTask = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            for (String tier : List.of("low", "high")) {
                String owner = tier + "-" + i + "-" + UUID.randomUUID();
                String id = submitted(http, owner, tier, Map.of("prompt", tier + " " + i, "steps", 1));
                tierOfTask.put(id, tier);
                userOfTask.put(id, owner);
            }
        }
        http.post("/v1/tasks/" + blocker + "/cancel", "{}", blockerUser);
        return startOrder(http, tierOfTask, userOfTask);
    }

    private static Map<String, Object> rule(long overSeconds, String action, Integer maxSteps, Integer maxPixels) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("when_wait_over_seconds", overSeconds);
        rule.put("action", action);
        rule.put("max_steps", maxSteps);
        rule.put("max_pixels", maxPixels);
        return rule;
    }
}

