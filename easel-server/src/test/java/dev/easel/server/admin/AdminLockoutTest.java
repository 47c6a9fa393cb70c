package dev.easel.server.admin;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API keeps at least one enabled admin with an enabled key, and a start with
 * {@code EASEL_ADMIN_KEY} recovers a store in which none is left. Each test starts its own server
 * on a new SQLite file, because it changes who the admins are.
 */
class AdminLockoutTest {

    private static final String ADMIN_ID = "usr_admin";

    @TempDir
    Path data;

    @Test
    void disableOnlyAdmin_is409() {
        try (ConfigurableApplicationContext server = start()) {
            Http http = client(server);
            String keyId = http.get("/v1/me", Http.TEST_ADMIN_KEY).json().get("key_id").asString();

            Http.Response user = http.post("/v1/admin/users/" + ADMIN_ID + "/disable", "{}", Http.TEST_ADMIN_KEY);
            Http.Response key = http.post("/v1/admin/users/" + ADMIN_ID + "/keys/" + keyId + "/disable", "{}", Http.TEST_ADMIN_KEY);

            assertThat(user.status()).as(user.body()).isEqualTo(409);
            assertThat(user.json().get("code").asString()).isEqualTo("last_admin");
            assertThat(user.json().get("field").asString()).isEqualTo("id");
            assertThat(user.json().get("value").asString()).isEqualTo(ADMIN_ID);
            assertThat(user.json().get("detail").asString()).contains(ADMIN_ID, "admin API");
            assertThat(key.status()).as(key.body()).isEqualTo(409);
            assertThat(key.json().get("field").asString()).isEqualTo("key_id");
            assertThat(key.json().get("detail").asString()).contains(keyId, ADMIN_ID);
            assertThat(http.get("/v1/me", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
        }
    }

    @Test
    void lastAdmin_inChinese_detailIsWhollyChinese() {
        try (ConfigurableApplicationContext server = start()) {
            Http http = client(server);

            Http.Response response = http.send(http.request("/v1/admin/users/" + ADMIN_ID + "/disable", Http.TEST_ADMIN_KEY)
                    .header("Accept-Language", "zh-CN").POST(HttpRequest.BodyPublishers.noBody()));

            String detail = response.json().get("detail").asString();
            assertThat(response.status()).isEqualTo(409);
            assertThat(detail).contains(ADMIN_ID).containsPattern("[\\u4e00-\\u9fff]");
            assertThat(detail.replace(ADMIN_ID, "").replace("API", "")).doesNotContainPattern("[A-Za-z]{2,}");
        }
    }

    @Test
    void secondAdmin_allowsDisablingFirst_butNotItself() {
        try (ConfigurableApplicationContext server = start()) {
            Http http = client(server);
            JsonNode second = http.post("/v1/admin/users", Map.of("name", "ops", "admin", true), Http.TEST_ADMIN_KEY).json();
            String secondId = second.get("user").get("id").asString();
            String secondKey = second.get("api_key").asString();
            String opsFirstKeyId = second.get("key_id").asString();

            Http.Response first = http.post("/v1/admin/users/" + ADMIN_ID + "/disable", "{}", secondKey);
            Http.Response itself = http.post("/v1/admin/users/" + secondId + "/disable", "{}", secondKey);
            Http.Response onlyKey = http.post("/v1/admin/users/" + secondId + "/keys/" + opsFirstKeyId + "/disable", "{}", secondKey);
            String otherKey = http.post("/v1/admin/users/" + secondId + "/keys", "{}", secondKey).json().get("api_key").asString();
            Http.Response oneOfTwoKeys = http.post("/v1/admin/users/" + secondId + "/keys/" + opsFirstKeyId + "/disable", "{}", otherKey);

            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(http.get("/v1/me", Http.TEST_ADMIN_KEY).status()).isEqualTo(401);
            assertThat(itself.status()).as(itself.body()).isEqualTo(409);
            assertThat(itself.json().get("value").asString()).isEqualTo(secondId);
            assertThat(onlyKey.status()).as(onlyKey.body()).isEqualTo(409);
            assertThat(oneOfTwoKeys.status()).as(oneOfTwoKeys.body()).isEqualTo(200);
            assertThat(http.get("/v1/me", otherKey).status()).isEqualTo(200);
        }
    }

    @Test
    void restart_noAdminLeft_enablesAdmin() throws SQLException {
        try (ConfigurableApplicationContext server = start()) {
            assertThat(client(server).get("/v1/me", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
        }
        // A store locked out before the guard existed, as an older version could leave it.
        execute("UPDATE users SET disabled = 1 WHERE id = '" + ADMIN_ID + "'");
        execute("UPDATE api_keys SET disabled = 1 WHERE user_id = '" + ADMIN_ID + "'");

        try (ConfigurableApplicationContext server = start()) {
            Http http = client(server);

            assertThat(http.get("/v1/me", Http.TEST_ADMIN_KEY).status()).isEqualTo(200);
            assertThat(http.get("/v1/admin/users/" + ADMIN_ID, Http.TEST_ADMIN_KEY).json().get("disabled").asBoolean()).isFalse();
        }
    }

    @Test
    void restart_otherAdminLeft_keepsDisabled() {
        String secondKey;
        try (ConfigurableApplicationContext server = start()) {
            Http http = client(server);
            secondKey = http.post("/v1/admin/users", Map.of("name", "ops", "admin", true), Http.TEST_ADMIN_KEY).json()
                    .get("api_key").asString();
            assertThat(http.post("/v1/admin/users/" + ADMIN_ID + "/disable", "{}", secondKey).status()).isEqualTo(200);
        }

        try (ConfigurableApplicationContext server = start()) {
            Http http = client(server);

            assertThat(http.get("/v1/me", Http.TEST_ADMIN_KEY).status()).isEqualTo(401);
            assertThat(http.get("/v1/me", secondKey).status()).isEqualTo(200);
        }
    }

    @Test
    void patchUser_unknownField_is400AndChangesNothing() {
        try (ConfigurableApplicationContext server = start()) {
            Http http = client(server);
            String id = http.createUser("patched", "free").get("user").get("id").asString();

            Http.Response name = patch(http, "/v1/admin/users/" + id, "{\"name\": \"x\"}");
            Http.Response admin = patch(http, "/v1/admin/users/" + ADMIN_ID, "{\"admin\": false, \"plan\": \"pro\"}");
            Http.Response plan = patch(http, "/v1/admin/users/" + id, "{\"plan\": \"pro\"}");

            assertThat(name.status()).as(name.body()).isEqualTo(400);
            assertThat(name.json().get("code").asString()).isEqualTo("unknown_field");
            assertThat(name.json().get("value").asString()).isEqualTo("name");
            assertThat(name.json().get("limit").asString()).contains("group", "plan");
            assertThat(admin.status()).isEqualTo(400);
            assertThat(admin.json().get("value").asString()).isEqualTo("admin");
            assertThat(http.get("/v1/admin/users/" + ADMIN_ID, Http.TEST_ADMIN_KEY).json().get("plan").asString()).isEqualTo("enterprise");
            assertThat(plan.status()).isEqualTo(200);
            assertThat(plan.json().get("plan").asString()).isEqualTo("pro");
            assertThat(plan.json().get("name").asString()).isEqualTo("patched");
        }
    }

    private static Http.Response patch(Http http, String path, String body) {
        return http.send(http.request(path, Http.TEST_ADMIN_KEY).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private String jdbcUrl() {
        return "jdbc:sqlite:" + data.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000";
    }

    private static Http client(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EaselServerApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + jdbcUrl(),
                "--easel.auth.admin-key=" + Http.TEST_ADMIN_KEY,
                "--easel.realtime.models=timed",
                "--easel.realtime.workers=0",
                "--easel.outputs.dir=" + data.resolve("outputs"),
                "--easel.workers.count=1",
                "--easel.workers.backends=timed",
                "--easel.backends.timed.step-time=100ms");
    }
}
