package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission limits in the submit path over real HTTP. Each test sets limits on the {@code low}
 * tier through the admin API and clears them afterwards; rate and budget buckets are per user,
 * and every test has its own user.
 */
class AdmissionApiTest extends ServerTestBase {

    @AfterEach
    void clearLimits() {
        setLimits(Map.of());
        http.post("/v1/admin/tiers/low/resume", "{}", Http.TEST_ADMIN_KEY);
    }

    @Test
    void rateLimit_thirdRequest_is429WithRetryAfter() {
        setLimits(Map.of("rate_requests", 2, "rate_period_seconds", 60));

        assertThat(submitLow(Map.of("prompt", "one")).status()).isEqualTo(202);
        assertThat(submitLow(Map.of("prompt", "two")).status()).isEqualTo(202);
        Http.Response third = submitLow(Map.of("prompt", "three"));

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Content-Type")).startsWith("application/problem+json");
        assertThat(third.json().get("code").asString()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(third.header("Retry-After"))).isBetween(1L, 30L);
        assertThat(third.json().get("retry_after_seconds").asLong()).isEqualTo(Long.parseLong(third.header("Retry-After")));
    }

    @Test
    void rateLimit_inChinese() {
        setLimits(Map.of("rate_requests", 1, "rate_period_seconds", 60));
        submitLow(Map.of("prompt", "one"));

        Http.Response second = http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .header("Accept-Language", "zh-CN")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\", \"tier\": \"low\"}")));

        assertThat(second.json().get("title").asString()).isEqualTo("请求过多");
    }

    @Test
    void rejectedAsInvalid_givesRateTokenBack() {
        setLimits(Map.of("rate_requests", 1, "rate_period_seconds", 3600));

        Http.Response unknownModel = http.post("/v1/tasks", Map.of("model", "nope", "tier", "low", "params", Map.of("steps", 2)), user);
        Http.Response invalidParameter = submitLow(Map.of("prompt", "zero steps", "steps", 0));
        Http.Response valid = submitLow(Map.of("prompt", "corrected", "steps", 2));
        Http.Response next = submitLow(Map.of("prompt", "over the rate", "steps", 2));

        assertThat(unknownModel.status()).as(unknownModel.body()).isEqualTo(422);
        assertThat(unknownModel.json().get("code").asString()).isEqualTo("unknown_model");
        assertThat(invalidParameter.status()).as(invalidParameter.body()).isEqualTo(422);
        assertThat(invalidParameter.json().get("code").asString()).isEqualTo("invalid_parameter");
        assertThat(valid.status()).as(valid.body()).isEqualTo(202);
        assertThat(next.status()).as(next.body()).isEqualTo(429);
        assertThat(next.json().get("code").asString()).isEqualTo("rate_limited");
    }

    @Test
    void rejectedAsInvalid_givesCostBudgetBack() {
        // 512 x 512 px x 100 steps x 0.05 s per megapixel-step = 1.31 s per task; the budget is 2 s.
        setLimits(Map.of("cost_budget_per_hour", 2.0));

        Http.Response invalid = submitLow(Map.of("prompt", "large", "width", 510, "height", 512, "steps", 100));
        Http.Response valid = submitLow(Map.of("prompt", "large", "width", 512, "height", 512, "steps", 100));

        assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
        assertThat(invalid.json().get("field").asString()).isEqualTo("params.width");
        assertThat(valid.status()).as(valid.body()).isEqualTo(202);
        http.post("/v1/tasks/" + valid.json().get("id").asString() + "/cancel", "{}", user);
    }

    @Test
    void otherTier_isNotLimited() {
        setLimits(Map.of("rate_requests", 1, "rate_period_seconds", 60));
        submitLow(Map.of("prompt", "one"));

        assertThat(submitLow(Map.of("prompt", "two")).status()).isEqualTo(429);
        assertThat(http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", "normal")), user).status()).isEqualTo(202);
    }

    @Test
    void tierQueueMaximum_is429QueueFull() {
        setLimits(Map.of("max_queued", 0));

        Http.Response response = submitLow(Map.of("prompt", "one"));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.json().get("code").asString()).isEqualTo("queue_full");
        assertThat(response.json().get("value").asString()).isEqualTo("low");
    }

    @Test
    void pausedTier_is503_andResumeAdmitsAgain() {
        assertThat(http.post("/v1/admin/tiers/low/pause", "{}", Http.TEST_ADMIN_KEY).json().get("paused").asBoolean()).isTrue();

        Http.Response paused = submitLow(Map.of("prompt", "one"));
        http.post("/v1/admin/tiers/low/resume", "{}", Http.TEST_ADMIN_KEY);
        Http.Response resumed = submitLow(Map.of("prompt", "two"));

        assertThat(paused.status()).isEqualTo(503);
        assertThat(paused.json().get("code").asString()).isEqualTo("tier_paused");
        assertThat(paused.header("Retry-After")).isEqualTo("60");
        assertThat(resumed.status()).isEqualTo(202);
    }

    @Test
    void costBudget_secondLargeTask_is429UntilRefilled() {
        // 512 x 512 px x 100 steps x 0.05 s per megapixel-step = 1.31 s per task; the budget holds 2 s.
        setLimits(Map.of("cost_budget_per_hour", 2.0));
        Map<String, Object> large = Map.of("prompt", "large", "width", 512, "height", 512, "steps", 100);

        Http.Response first = submitLow(large);
        Http.Response second = submitLow(large);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().get("code").asString()).isEqualTo("cost_budget_exhausted");
        // 0.62 s of budget is missing and the budget refills 2 s per hour: about 1,120 s.
        assertThat(Long.parseLong(second.header("Retry-After"))).isBetween(1000L, 1300L);
        http.post("/v1/tasks/" + first.json().get("id").asString() + "/cancel", "{}", user);
    }

    @Test
    void costLargerThanBudget_is422() {
        setLimits(Map.of("cost_budget_per_hour", 1.0));

        Http.Response response = submitLow(Map.of("prompt", "large", "width", 512, "height", 512, "steps", 100));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo("cost_exceeds_budget");
        assertThat(response.header("Retry-After")).isNull();
    }

    @Test
    void queuedPerUser_secondWaitingTask_is429TooManyQueued() {
        // More long blockers than worker slots, so every slot stays busy whichever worker takes
        // which blocker, and the low-tier task below has to wait.
        String busy = "busy-" + user;
        String[] blockers = new String[4];
        for (int i = 0; i < blockers.length; i++) {
            blockers[i] = http.submitTimed(busy, Map.of("prompt", "block " + i, "steps", 1000));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> java.util.Arrays.stream(blockers)
                        .filter(id -> "running".equals(http.get("/v1/tasks/" + id, busy).json().path("status").asString()))
                        .count() >= 2);
        setLimits(Map.of("max_queued_per_user", 1));

        Http.Response first = submitLow(Map.of("prompt", "waits"));
        Http.Response second = submitLow(Map.of("prompt", "too many"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().get("code").asString()).isEqualTo("too_many_queued");
        assertThat(second.json().get("value").asInt()).isEqualTo(1);
        http.post("/v1/tasks/" + first.json().get("id").asString() + "/cancel", "{}", user);
        for (String blocker : blockers) {
            http.post("/v1/tasks/" + blocker + "/cancel", "{}", busy);
        }
    }

    @Test
    void limits_invalid_is422_andNonAdmin403() {
        Http.Response invalid = http.send(http.request("/v1/admin/tiers/low/limits", Http.TEST_ADMIN_KEY)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"max_queued\": -1}")));
        Http.Response notAdmin = http.post("/v1/admin/tiers/low/pause", "{}", user);

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(notAdmin.status()).isEqualTo(403);
    }

    private Http.Response submitLow(Map<String, Object> params) {
        return http.post("/v1/tasks", Map.of("model", "timed", "tier", "low", "params", params), user);
    }

    private void setLimits(Map<String, Object> limits) {
        Http.Response response = http.send(http.request("/v1/admin/tiers/low/limits", Http.TEST_ADMIN_KEY)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(limits))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
