package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * One request per kind of user mistake over real HTTP, sent with {@code Accept-Language: zh-CN}
 * and with {@code en}: the Chinese detail has no English words left once the field, the value and
 * the identifiers that stay as they are (model ids, parameter and tier names, header names) are
 * taken out, and the English detail reads English. The server is the one of
 * {@link ServerTestBase} plus a copy of the repository's catalog.
 */
class LocalizedProblemsApiTest extends ServerTestBase {

    static final Path CATALOG = copyCatalog(DATA.resolve("catalog"));

    private static final String ADMIN = Http.TEST_ADMIN_KEY;

    @DynamicPropertySource
    static void catalog(DynamicPropertyRegistry registry) {
        registry.add("easel.catalog.dir", CATALOG::toString);
    }

    /** A request that the server rejects, and the problem code of its response. */
    record Mistake(String name, String code, Function<LocalizedProblemsApiTest, HttpRequest.Builder> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // Model parameter rules, one of each kind.
                submit("parameter above the maximum", "invalid_parameter", "{\"model\": \"timed\", \"params\": {\"steps\": 5000}}"),
                submit("parameter below the minimum", "invalid_parameter", "{\"model\": \"timed\", \"params\": {\"steps\": 0}}"),
                submit("parameter not a multiple", "invalid_parameter", "{\"model\": \"timed\", \"params\": {\"width\": 30}}"),
                submit("parameter not an integer", "invalid_parameter", "{\"model\": \"timed\", \"params\": {\"seed\": 1.5}}"),
                submit("unknown parameter", "invalid_parameter", "{\"model\": \"timed\", \"params\": {\"cfg\": 7}}"),
                submit("text parameter too long", "invalid_parameter",
                        "{\"model\": \"timed\", \"params\": {\"prompt\": \"" + "x".repeat(2001) + "\"}}"),
                submit("parameter not a string", "invalid_parameter", "{\"model\": \"tiny-sd\", \"params\": {\"prompt\": 5}}"),
                submit("parameter not a number", "invalid_parameter",
                        "{\"model\": \"tiny-sd\", \"params\": {\"prompt\": \"a\", \"guidance\": \"high\"}}"),
                submit("parameter not a choice", "invalid_parameter",
                        "{\"model\": \"tiny-sd\", \"params\": {\"prompt\": \"a\", \"sampler\": \"bogus\"}}"),
                submit("required parameter missing", "missing_field", "{\"model\": \"tiny-sd\", \"params\": {}}"),
                submit("image not base64", "invalid_parameter", "{\"model\": \"timed\", \"params\": {\"image\": \"data:image/png;base64,@@@\"}}"),
                submit("image data URL without base64", "invalid_parameter",
                        "{\"model\": \"timed\", \"params\": {\"image\": \"data:image/png,abc\"}}"),
                submit("image of the wrong type", "invalid_parameter", "{\"model\": \"timed\", \"params\": {\"image\": 12}}"),
                submit("image not an image", "invalid_parameter", "{\"model\": \"timed\", \"params\": {\"image\": \"aGVsbG8gd29ybGQ=\"}}"),
                submit("image sent with txt2img", "invalid_parameter",
                        "{\"model\": \"tiny-sd\", \"params\": {\"prompt\": \"a\", \"image\": \"aGVsbG8=\"}}"),
                submit("image missing for img2img", "missing_field",
                        "{\"model\": \"tiny-sd\", \"capability\": \"img2img\", \"params\": {\"prompt\": \"a\"}}"),
                // Models, capabilities and tiers.
                submit("unknown model", "unknown_model", "{\"model\": \"sdxl\"}"),
                submit("missing model", "missing_field", "{\"params\": {}}"),
                submit("unknown capability", "unsupported_capability", "{\"model\": \"timed\", \"capability\": \"dream\"}"),
                submit("unknown tier", "unknown_tier", "{\"model\": \"timed\", \"tier\": \"gold\"}"),
                // The request body.
                submit("malformed JSON", "malformed_json", "{\"model\": "),
                submit("JSON not an object", "malformed_json", "[1, 2]"),
                submit("JSON nested too deep", "json_limit", "{\"model\": \"timed\", \"params\": {\"x\": " + "[".repeat(1200) + "]}}"),
                submit("unknown body field", "unknown_field", "{\"model\": \"timed\", \"colour\": 1}"),
                submit("body field of the wrong type", "wrong_type", "{\"model\": 5}"),
                submit("params of the wrong type", "wrong_type", "{\"model\": \"timed\", \"params\": \"big\"}"),
                mistake("body over the declared size limit", "payload_too_large", t -> t.json("/v1/tasks")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\", \"params\": {\"prompt\": \"" + "x".repeat(5000) + "\"}}"))),
                mistake("chunked body over the size limit", "payload_too_large", t -> t.json("/v1/tasks")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                ("{\"model\": \"timed\", \"params\": {\"prompt\": \"" + "x".repeat(5000) + "\"}}").getBytes())))),
                // Deadlines and idempotency keys.
                submit("deadline in no known form", "invalid_deadline", "{\"model\": \"timed\", \"start_by\": \"tomorrow\"}"),
                submit("deadline in the past", "invalid_deadline", "{\"model\": \"timed\", \"start_by\": \"2020-01-01T00:00:00Z\"}"),
                submit("deadline too far ahead", "invalid_deadline", "{\"model\": \"timed\", \"start_by\": 99999999}"),
                submit("deadline instant too far ahead", "invalid_deadline", "{\"model\": \"timed\", \"start_by\": \"2999-01-01T00:00:00Z\"}"),
                submit("cancel_after before start_by", "invalid_deadline",
                        "{\"model\": \"timed\", \"start_by\": 600, \"cancel_after\": 60}"),
                mistake("idempotency key too long", "invalid_idempotency_key", t -> t.json("/v1/tasks")
                        .header("Idempotency-Key", "k".repeat(300)).POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\"}"))),
                mistake("idempotency key with a space", "invalid_idempotency_key", t -> t.json("/v1/tasks")
                        .header("Idempotency-Key", "two words").POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\"}"))),
                mistake("idempotency key sent twice", "invalid_idempotency_key", t -> t.json("/v1/tasks")
                        .header("Idempotency-Key", "first").header("Idempotency-Key", "second")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\"}"))),
                // Webhooks.
                submit("webhook URL of another scheme", "invalid_field",
                        "{\"model\": \"timed\", \"webhook\": {\"url\": \"ftp://example.com/hook\"}}"),
                submit("webhook URL with a password", "invalid_field",
                        "{\"model\": \"timed\", \"webhook\": {\"url\": \"http://user:secret@127.0.0.1/hook\"}}"),
                submit("webhook URL port out of range", "invalid_field",
                        "{\"model\": \"timed\", \"webhook\": {\"url\": \"http://127.0.0.1:99999/hook\"}}"),
                submit("webhook not an object", "wrong_type", "{\"model\": \"timed\", \"webhook\": \"http://127.0.0.1/hook\"}"),
                submit("webhook events not an array", "wrong_type",
                        "{\"model\": \"timed\", \"webhook\": {\"url\": \"http://127.0.0.1/hook\", \"events\": {\"a\": 1}}}"),
                submit("webhook event unknown", "invalid_field",
                        "{\"model\": \"timed\", \"webhook\": {\"url\": \"http://127.0.0.1/hook\", \"events\": [\"bogus\"]}}"),
                // Catalog tasks.
                submit("unknown scene", "unknown_scene", "{\"scene\": \"nope\"}"),
                submit("catalog input above the maximum", "invalid_input",
                        "{\"scene\": \"text-to-image\", \"inputs\": {\"prompt\": \"a\", \"steps\": 80}}"),
                submit("catalog input missing", "invalid_input", "{\"scene\": \"text-to-image\", \"inputs\": {}}"),
                submit("catalog input not a choice", "invalid_input",
                        "{\"scene\": \"text-to-image\", \"inputs\": {\"prompt\": \"a\", \"style\": \"neon\"}}"),
                submit("catalog input unknown", "invalid_input",
                        "{\"scene\": \"text-to-image\", \"inputs\": {\"prompt\": \"a\", \"colour\": \"red\"}}"),
                // Task queries.
                mistake("page size out of range", "invalid_query", t -> t.get("/v1/tasks?limit=0")),
                mistake("page size not a number", "invalid_query", t -> t.get("/v1/tasks?limit=many")),
                mistake("cursor malformed", "invalid_query", t -> t.get("/v1/tasks?cursor=nope")),
                mistake("status unknown", "invalid_query", t -> t.get("/v1/tasks?status=sleeping")),
                mistake("task not found", "task_not_found", t -> t.get("/v1/tasks/tsk_01JXXXXXXXXXXXXXXXXXXXXXXX")),
                mistake("path not found", "not_found", t -> t.get("/v1/nothing-here")),
                // Authentication.
                mistake("API key missing", "unauthorized", t -> t.http.request("/v1/tasks", null).GET()),
                mistake("admin endpoint with a user key", "forbidden", t -> t.get("/v1/admin/users")),
                // The realtime lane.
                mistake("realtime with another tier", "invalid_field", t -> t.json("/v1/run")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\", \"tier\": \"normal\"}"))),
                mistake("realtime with a model outside the realtime pool", "invalid_field", t -> t.json("/v1/run")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"tiny-sd\", \"params\": {\"prompt\": \"a\"}}"))),
                mistake("realtime with an unknown field", "unknown_field", t -> t.json("/v1/run")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\", \"colour\": \"red\"}"))),
                mistake("realtime body not a task request", "wrong_type", t -> t.json("/v1/run")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": {\"id\": 1}}"))),
                mistake("realtime with a webhook", "unsupported_field", t -> t.json("/v1/run")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\", \"webhook\": {\"url\": \"http://127.0.0.1/hook\"}}"))),
                mistake("realtime with an Idempotency-Key", "unsupported_field", t -> t.json("/v1/run").header("Idempotency-Key", "once")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\"}"))),
                // Request errors that Spring MVC reports with only a status.
                mistake("response type not acceptable", "not_acceptable", t -> t.http.request("/v1/models", t.user)
                        .header("Accept", "image/png").GET()),
                // The admin API for users.
                admin("user without a name", "missing_field", "/v1/admin/users", "{\"plan\": \"pro\"}"),
                admin("user name too long", "invalid_field", "/v1/admin/users", "{\"name\": \"" + "n".repeat(201) + "\"}"),
                admin("user of an unknown plan", "unknown_plan", "/v1/admin/users", "{\"name\": \"ann\", \"plan\": \"gold\"}"),
                admin("user group malformed", "invalid_field", "/v1/admin/users", "{\"name\": \"ann\", \"group\": \"!!\"}"),
                mistake("user not found", "user_not_found", t -> t.asAdmin("/v1/admin/users/usr_nope").GET()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void mistake_chineseDetailIsChinese_englishDetailIsEnglish(Mistake mistake) {
        Http.Response chinese = http.send(mistake.request().apply(this).header("Accept-Language", "zh-CN,zh;q=0.9"));
        Http.Response english = http.send(mistake.request().apply(this).header("Accept-Language", "en"));

        assertLocalized(chinese, english, mistake.code());
    }

    // Every Chinese tag selects the Simplified Chinese messages, as the catalog selects its Chinese labels.
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh-TW", "zh-Hant"})
    void chineseLanguageTag_selectsChineseProblems(String tag) {
        HttpRequest.Builder request = json("/v1/tasks").header("Accept-Language", tag)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"sdxl\"}"));

        JsonNode problem = http.send(request).json();

        assertThat(problem.path("title").asString()).as(problem.toString()).containsPattern(LanguageCheck.CJK);
        assertThat(problem.path("detail").asString()).as(problem.toString()).containsPattern(LanguageCheck.CJK);
        assertThat(LanguageCheck.englishWords(problem.path("detail").asString(), List.of("model", "sdxl"))).isEmpty();
    }

    @Test
    void wrongType_namesJsonTypes() {
        Map<String, String> bodies = Map.of(
                "object", "{\"model\": \"timed\", \"webhook\": \"http://127.0.0.1/hook\"}",
                "array", "{\"model\": \"timed\", \"webhook\": {\"url\": \"http://127.0.0.1/hook\", \"events\": {\"a\": 1}}}");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            Http.Response response = http.send(json("/v1/tasks").POST(HttpRequest.BodyPublishers.ofString(body.getValue())));

            assertThat(response.json().path("code").asString()).as(response.body()).isEqualTo("wrong_type");
            assertThat(response.json().path("limit").asString()).as(response.body()).isEqualTo("a value of type " + body.getKey());
        }
        Http.Response admin = http.send(asAdmin("/v1/admin/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"ann\", \"admin\": \"yes\"}")));
        assertThat(admin.json().path("limit").asString()).as(admin.body()).isEqualTo("a value of type boolean");
    }

    @Test
    void reusedIdempotencyKey_chineseDetailIsChinese() {
        String key = "reuse-" + user;
        Function<String, HttpRequest.Builder> submit = prompt -> json("/v1/tasks").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\", \"params\": {\"prompt\": \"" + prompt + "\"}}"));
        assertThat(http.send(submit.apply("first")).status()).isEqualTo(202);

        Http.Response chinese = http.send(submit.apply("second").header("Accept-Language", "zh-CN"));
        Http.Response english = http.send(submit.apply("second").header("Accept-Language", "en"));

        assertLocalized(chinese, english, "idempotency_key_reused");
    }

    @Test
    void realtimeTimeoutAndBusyLane_chineseDetailsAreChinese() {
        // 400 steps of 20 ms take 8 s, past the 3 s realtime timeout, so two such calls fill the lane of two.
        Function<String, HttpRequest.Builder> slowRun = language -> json("/v1/run").header("Accept-Language", language)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\", \"params\": {\"prompt\": \"slow\", \"steps\": 400}}"));
        CompletableFuture<Http.Response> chineseSlow = CompletableFuture.supplyAsync(() -> http.send(slowRun.apply("zh-CN")));
        CompletableFuture<Http.Response> englishSlow = CompletableFuture.supplyAsync(() -> http.send(slowRun.apply("en")));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/v1/tasks?status=queued,running", user).json()
                .path("items").size() == 2);

        Http.Response chineseBusy = http.send(slowRun.apply("zh-CN"));
        Http.Response englishBusy = http.send(slowRun.apply("en"));

        assertLocalized(chineseBusy, englishBusy, "realtime_busy");
        assertLocalized(chineseSlow.join(), englishSlow.join(), "run_timeout");
    }

    @Test
    void unknownAdminKey_chineseDetailIsChinese() {
        String path = "/v1/admin/users/" + http.createUser("key-owner-" + user, "pro").path("user").path("id").asString()
                + "/keys/key_nope/disable";

        Http.Response chinese = http.send(asAdmin(path).header("Accept-Language", "zh-CN").POST(HttpRequest.BodyPublishers.noBody()));
        Http.Response english = http.send(asAdmin(path).header("Accept-Language", "en").POST(HttpRequest.BodyPublishers.noBody()));

        assertLocalized(chinese, english, "key_not_found");
    }

    private void assertLocalized(Http.Response chinese, Http.Response english, String code) {
        assertThat(chinese.status()).as(chinese.body()).isBetween(400, 599);
        assertThat(chinese.header("Content-Type")).startsWith("application/problem+json");
        JsonNode zh = chinese.json();
        JsonNode en = english.json();
        assertThat(zh.path("code").asString()).as(chinese.body()).isEqualTo(code);
        assertThat(en.path("code").asString()).as(english.body()).isEqualTo(code);

        String zhDetail = zh.path("detail").asString();
        assertThat(zhDetail).as(chinese.body()).containsPattern(LanguageCheck.CJK);
        assertThat(zh.path("title").asString()).as(chinese.body()).containsPattern(LanguageCheck.CJK);
        assertThat(LanguageCheck.englishWords(zhDetail, identifiers(zh))).as(chinese.body()).isEmpty();

        String enDetail = en.path("detail").asString();
        assertThat(enDetail).as(english.body()).doesNotContainPattern(LanguageCheck.CJK);
        assertThat(en.path("title").asString()).as(english.body()).doesNotContainPattern(LanguageCheck.CJK);
        assertThat(LanguageCheck.englishWords(enDetail, identifiers(en))).as(english.body()).isNotEmpty();
        if (!zh.has("errors")) {
            // The catalog's input errors (with an errors array) word their limit member in the caller's language.
            assertThat(withoutInstants(zh.path("limit").asString(""))).as("limit member in both languages")
                    .isEqualTo(withoutInstants(en.path("limit").asString("")));
        }
    }

    /** Replaces ISO-8601 instants, which differ between two requests a few milliseconds apart. */
    private static String withoutInstants(String text) {
        return text.replaceAll("\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z", "<instant>");
    }

    /** Returns the problem's field and value, which stay as they are in every language. */
    private static List<String> identifiers(JsonNode problem) {
        List<String> identifiers = new ArrayList<>();
        if (problem.hasNonNull("field")) {
            identifiers.add(problem.path("field").asString());
        }
        if (problem.hasNonNull("value")) {
            identifiers.add(problem.path("value").asString());
        }
        return identifiers;
    }

    private static Arguments submit(String name, String code, String body) {
        return mistake(name, code, t -> t.json("/v1/tasks").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Arguments admin(String name, String code, String path, String body) {
        return mistake(name, code, t -> t.asAdmin(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Arguments mistake(String name, String code, Function<LocalizedProblemsApiTest, HttpRequest.Builder> request) {
        return arguments(new Mistake(name, code, request));
    }

    private HttpRequest.Builder json(String path) {
        return http.request(path, user).header("Content-Type", "application/json");
    }

    private HttpRequest.Builder get(String path) {
        return http.request(path, user).GET();
    }

    private HttpRequest.Builder asAdmin(String path) {
        return http.request(path, ADMIN);
    }

    private static Path copyCatalog(Path target) {
        try (Stream<Path> paths = Files.walk(Path.of("../catalog"))) {
            for (Path source : paths.toList()) {
                Path destination = target.resolve(Path.of("../catalog").relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
