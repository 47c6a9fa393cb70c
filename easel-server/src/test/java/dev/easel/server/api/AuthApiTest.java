package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys, the admin user API and ownership, over real HTTP. */
class AuthApiTest extends ServerTestBase {

    @Test
    void noKey_is401ProblemWithChallenge() {
        Http.Response response = http.send(http.request("/v1/tasks", null).GET());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.json().get("code").asString()).isEqualTo("unauthorized");
    }

    @Test
    void unknownOrWrongKey_is401() {
        String key = http.keyOf(user);
        String wrongSecret = key.substring(0, key.length() - 4) + "AAAA";

        assertThat(http.get("/v1/me", "esk_000000000000_nosuchkey").status()).isEqualTo(401);
        assertThat(http.get("/v1/me", wrongSecret).status()).isEqualTo(401);
        assertThat(http.send(http.request("/v1/me", null).header("Authorization", "Basic " + key).GET()).status()).isEqualTo(401);
        assertThat(http.get("/v1/me", key).status()).isEqualTo(200);
    }

    @Test
    void unauthorized_inChinese() {
        Http.Response response = http.send(http.request("/v1/tasks", null).header("Accept-Language", "zh-CN").GET());

        assertThat(response.json().get("title").asString()).isEqualTo("未认证");
    }

    @Test
    void healthAndApiDocs_needNoKey() {
        assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(http.get("/v3/api-docs", null).status()).isEqualTo(200);
    }

    @Test
    void createdUser_seesItsPlanAndTier() {
        JsonNode created = http.createUser("carol", "free");

        JsonNode me = http.get("/v1/me", created.get("api_key").asString()).json();

        assertThat(created.get("api_key").asString()).startsWith("esk_");
        assertThat(me.get("id").asString()).isEqualTo(created.get("user").get("id").asString());
        assertThat(me.get("plan").asString()).isEqualTo("free");
        assertThat(me.get("tier").asString()).isEqualTo("low");
        assertThat(me.get("key_id").asString()).isEqualTo(created.get("key_id").asString());
    }

    @Test
    void admin_readsUserWithoutKeyTexts() {
        JsonNode created = http.createUser("dave", "pro");
        String id = created.get("user").get("id").asString();

        Http.Response read = http.get("/v1/admin/users/" + id, Http.TEST_ADMIN_KEY);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("keys").get(0).get("key_id").asString()).isEqualTo(created.get("key_id").asString());
        assertThat(read.body()).doesNotContain(created.get("api_key").asString());
    }

    @Test
    void nonAdmin_onAdminApi_is403() {
        Http.Response response = http.post("/v1/admin/users", Map.of("name", "mallory"), user);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("code").asString()).isEqualTo("forbidden");
    }

    @Test
    void disabledUser_is401_andEnabledAgainWorks() {
        JsonNode created = http.createUser("erin", "pro");
        String id = created.get("user").get("id").asString();
        String key = created.get("api_key").asString();

        assertThat(http.post("/v1/admin/users/" + id + "/disable", "{}", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
        assertThat(http.get("/v1/me", key).status()).isEqualTo(401);
        assertThat(http.post("/v1/admin/users/" + id + "/enable", "{}", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
        assertThat(http.get("/v1/me", key).status()).isEqualTo(200);
    }

    @Test
    void disabledKey_is401_otherKeyStillWorks() {
        JsonNode created = http.createUser("frank", "pro");
        String id = created.get("user").get("id").asString();
        JsonNode second = http.post("/v1/admin/users/" + id + "/keys", "{}", Http.TEST_ADMIN_KEY).json();

        http.post("/v1/admin/users/" + id + "/keys/" + created.get("key_id").asString() + "/disable", "{}", Http.TEST_ADMIN_KEY);

        assertThat(http.get("/v1/me", created.get("api_key").asString()).status()).isEqualTo(401);
        assertThat(http.get("/v1/me", second.get("api_key").asString()).status()).isEqualTo(200);
    }

    @Test
    void changePlan_changesTier() {
        JsonNode created = http.createUser("grace", "free");
        String id = created.get("user").get("id").asString();

        Http.Response changed = http.send(http.request("/v1/admin/users/" + id, Http.TEST_ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"plan\": \"enterprise\"}")));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(http.get("/v1/me", created.get("api_key").asString()).json().get("tier").asString()).isEqualTo("high");
    }

    @Test
    void createUser_unknownPlan_is422NamingThePlans() {
        Http.Response response = http.post("/v1/admin/users", Map.of("name", "heidi", "plan", "gold"), Http.TEST_ADMIN_KEY);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo("unknown_plan");
        assertThat(response.json().get("limit").asString()).contains("enterprise", "free", "pro");
    }

    @Test
    void userHeader_cannotImpersonate() {
        String mine = http.submitTimed(user, Map.of("prompt", "mine"));
        String otherId = http.get("/v1/me", "victim-" + user).json().get("id").asString();

        Http.Response spoofed = http.send(http.request("/v1/tasks/" + mine, "victim-" + user).header("X-Easel-User", me()).GET());

        assertThat(otherId).isNotEqualTo(me());
        assertThat(spoofed.status()).isEqualTo(404);
    }

    @Test
    void output_ofAnotherUser_is404_adminMayFetch() {
        String id = http.submitTimed(user, Map.of("prompt", "a fox", "width", 32, "height", 16));
        String url = awaitStatus(id, "succeeded").get("outputs").get(0).get("url").asString();

        assertThat(http.get(url, user).status()).isEqualTo(200);
        assertThat(http.get(url, "stranger-" + user).status()).isEqualTo(404);
        assertThat(http.get(url, Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
    }

    private String me() {
        return http.get("/v1/me", user).json().get("id").asString();
    }
}
