package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan's tier as a task's default tier and ceiling, over real HTTP. */
class PlanTierApiTest extends ServerTestBase {

    @Test
    void noTier_runsInPlanTier() {
        http.keyOf(user, "free");

        Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", "default")), user);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("tier").asString()).isEqualTo("low");
    }

    @Test
    void tierAbovePlan_is403AndStoresNothing() {
        http.keyOf(user, "free");

        Http.Response response = http.post("/v1/tasks",
                Map.of("model", "timed", "tier", "high", "params", Map.of("prompt", "jump the queue")), user);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("code").asString()).isEqualTo("tier_not_allowed");
        assertThat(response.json().get("field").asString()).isEqualTo("tier");
        assertThat(response.json().get("value").asString()).isEqualTo("high");
        assertThat(response.json().get("limit").asString()).isEqualTo("low");
        assertThat(http.get("/v1/tasks", user).json().get("items").size()).isZero();
    }

    @Test
    void tierAbovePlan_inChinese() {
        http.keyOf(user, "pro");
        String body = "{\"model\":\"timed\",\"tier\":\"realtime\",\"params\":{\"prompt\":\"x\"}}";

        Http.Response response = http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .header("Accept-Language", "zh-CN").POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).contains("套餐").contains("normal, low");
    }

    @Test
    void lowerTierThanPlan_isAccepted() {
        http.keyOf(user, "enterprise");

        Http.Response response = http.post("/v1/tasks",
                Map.of("model", "timed", "tier", "low", "params", Map.of("prompt", "be patient")), user);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("tier").asString()).isEqualTo("low");
    }

    @Test
    void planChange_appliesToNextRequest() {
        String key = http.keyOf(user, "free");
        String userId = http.get("/v1/me", key).json().get("id").asString();

        Http.Response patched = http.send(http.request("/v1/admin/users/" + userId, Http.TEST_ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"plan\":\"enterprise\"}")));
        Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "params", Map.of("prompt", "upgraded")), user);

        assertThat(patched.status()).isEqualTo(200);
        assertThat(response.json().get("tier").asString()).isEqualTo("high");
    }
}
