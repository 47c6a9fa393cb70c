package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every kind of bad submit gets a 4xx problem+json response naming the field, the value and the
 * limit, never a 500.
 */
class ValidationTest extends ServerTestBase {

    static Stream<Arguments> badSubmits() {
        String longPrompt = "x".repeat(2001);
        return Stream.of(
                arguments("malformed JSON", "{\"model\": ", 400, "malformed_json", "body", null, null),
                arguments("not an object", "[1, 2]", 400, "malformed_json", "body", null, null),
                arguments("empty body", "", 400, "malformed_json", "body", null, null),
                arguments("unknown field", "{\"model\": \"timed\", \"colour\": 1}", 400, "unknown_field", "colour", "colour", "model"),
                arguments("model of wrong type", "{\"model\": 5}", 400, "wrong_type", "model", null, "string"),
                arguments("params of wrong type", "{\"model\": \"timed\", \"params\": \"big\"}", 400, "wrong_type", "params", null, "object"),
                arguments("missing model", "{\"params\": {}}", 422, "missing_field", "model", null, "timed"),
                arguments("unknown model", "{\"model\": \"sdxl\"}", 422, "unknown_model", "model", "sdxl", "tiny-sd"),
                arguments("unsupported capability", "{\"model\": \"timed\", \"capability\": \"upscale\"}", 422,
                        "unsupported_capability", "capability", "upscale", "txt2img"),
                arguments("unknown capability", "{\"model\": \"timed\", \"capability\": \"dream\"}", 422,
                        "unsupported_capability", "capability", "dream", "txt2img"),
                arguments("unknown tier", "{\"model\": \"timed\", \"tier\": \"gold\"}", 422, "unknown_tier", "tier", "gold", "normal"),
                arguments("steps above the limit", "{\"model\": \"timed\", \"params\": {\"steps\": 5000}}", 422,
                        "invalid_parameter", "params.steps", "5000", "at most 1000"),
                arguments("steps below the limit", "{\"model\": \"timed\", \"params\": {\"steps\": 0}}", 422,
                        "invalid_parameter", "params.steps", "0", "at least 1"),
                arguments("width not a multiple", "{\"model\": \"timed\", \"params\": {\"width\": 30}}", 422,
                        "invalid_parameter", "params.width", "30", "multiple of 8"),
                arguments("width of wrong type", "{\"model\": \"timed\", \"params\": {\"width\": \"wide\"}}", 422,
                        "invalid_parameter", "params.width", "wide", "integer"),
                arguments("fractional integer", "{\"model\": \"timed\", \"params\": {\"seed\": 1.5}}", 422,
                        "invalid_parameter", "params.seed", "1.5", "integer"),
                arguments("unknown parameter", "{\"model\": \"timed\", \"params\": {\"cfg\": 7}}", 422,
                        "invalid_parameter", "params.cfg", "7", "not a parameter"),
                arguments("prompt too long", "{\"model\": \"timed\", \"params\": {\"prompt\": \"" + longPrompt.substring(0, 2001) + "\"}}",
                        422, "invalid_parameter", "params.prompt", null, "at most 2000 characters"),
                arguments("image not base64", "{\"model\": \"timed\", \"params\": {\"image\": \"data:image/png;base64,@@@\"}}", 422,
                        "invalid_parameter", "params.image", null, "base64"),
                arguments("image not an image", "{\"model\": \"timed\", \"params\": {\"image\": \"aGVsbG8gd29ybGQ=\"}}", 422,
                        "invalid_parameter", "params.image", null, null),
                arguments("image of wrong type", "{\"model\": \"timed\", \"params\": {\"image\": 12}}", 422,
                        "invalid_parameter", "params.image", "12", "data: URL"),
                arguments("missing required parameter", "{\"model\": \"tiny-sd\", \"params\": {}}", 422,
                        "missing_field", "params.prompt", null, "a value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmits")
    void badSubmit_answersProblemNamingFieldValueAndLimit(String name, String body, int status, String code, String field,
                                                          String value, String limit) {
        Http.Response response = http.post("/v1/tasks", body, user);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("type").asString()).startsWith("urn:easel:problem:");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).isEqualTo("/v1/tasks");
        assertThat(problem.get("field").asString()).isEqualTo(field);
        if (value != null) {
            assertThat(problem.get("value").asString()).isEqualTo(value);
        }
        if (limit != null) {
            assertThat(problem.get("limit").asString()).contains(limit);
        }
    }

    @Test
    void oversizedBody_withContentLength_is413() {
        String body = "{\"model\": \"timed\", \"params\": {\"prompt\": \"" + "y".repeat(5000) + "\"}}";

        Http.Response response = http.post("/v1/tasks", body, user);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").asString()).isEqualTo("payload_too_large");
        assertThat(response.json().get("limit").asString()).isEqualTo("at most 4096 bytes");
    }

    @Test
    void oversizedBody_chunked_is413() {
        byte[] body = ("{\"model\": \"timed\", \"params\": {\"prompt\": \"" + "y".repeat(5000) + "\"}}").getBytes();
        HttpRequest.Builder request = http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        Http.Response response = http.send(request);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").asString()).isEqualTo("payload_too_large");
    }

    @Test
    void wrongContentType_is415() {
        Http.Response response = http.send(http.request("/v1/tasks", user).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("model=timed")));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.json().get("code").asString()).isEqualTo("unsupported_media_type");
        assertThat(response.json().get("limit").asString()).isEqualTo("application/json");
    }

    @Test
    void badQueryParameters_are400() {
        Http.Response status = http.get("/v1/tasks?status=done", user);
        Http.Response limit = http.get("/v1/tasks?limit=0", user);
        Http.Response limitType = http.get("/v1/tasks?limit=many", user);

        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().get("field").asString()).isEqualTo("status");
        assertThat(status.json().get("value").asString()).isEqualTo("done");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().get("limit").asString()).isEqualTo("from 1 to 100");
        assertThat(limitType.status()).isEqualTo(400);
        assertThat(limitType.json().get("field").asString()).isEqualTo("limit");
    }

    @Test
    void wrongMethod_is405() {
        Http.Response response = http.send(http.request("/v1/tasks", user).DELETE());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.json().get("code").asString()).isEqualTo("method_not_allowed");
    }

    @Test
    void problem_inSimplifiedChinese_whenAcceptLanguageAsks() {
        Http.Response response = http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .header("Accept-Language", "zh-CN,zh;q=0.9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"sdxl\"}")));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("title").asString()).isEqualTo("未知模型");
        assertThat(response.json().get("detail").asString()).contains("sdxl");
        assertThat(response.json().get("code").asString()).isEqualTo("unknown_model");
    }
}
