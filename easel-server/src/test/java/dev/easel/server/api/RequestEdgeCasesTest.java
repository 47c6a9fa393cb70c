package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests from the new-user tryout that used to be accepted and then failed, or failed with an
 * unclear message: each gets JSON or a problem naming the field, the value and the limit.
 */
class RequestEdgeCasesTest extends ServerTestBase {

    @Test
    void submitWithAcceptHtml_answersJsonAndStoresTheTaskOnce() {
        String body = Http.JSON.writeValueAsString(Map.of("model", "timed", "params", Map.of("prompt", "accept html")));

        Http.Response response = http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        String id = response.json().get("id").asString();
        Http.Response view = http.send(http.request("/v1/tasks/" + id, user).header("Accept", "text/html").GET());
        assertThat(view.status()).isEqualTo(200);
        assertThat(http.get("/v1/tasks", user).json().get("items")).hasSize(1);
    }

    @Test
    void missingRequiredParameter_isMissingFieldWithoutEmptyValue() {
        JsonNode problem = http.post("/v1/tasks", "{\"model\": \"tiny-sd\", \"params\": {}}", user).json();

        assertThat(problem.get("code").asString()).isEqualTo("missing_field");
        assertThat(problem.get("field").asString()).isEqualTo("params.prompt");
        assertThat(problem.get("detail").asString()).doesNotContain("  ").doesNotContain("The value  of");
    }

    @Test
    void invalidParameter_detailReadsAsOneSentence() {
        JsonNode problem = http.post("/v1/tasks", "{\"model\": \"timed\", \"params\": {\"steps\": 5000}}", user).json();

        assertThat(problem.get("detail").asString()).isEqualTo("The parameter params.steps is invalid: must be at most 1000.");
    }

    @Test
    void deeplyNestedBody_is400NamingTheNestingLimit() {
        String body = "{\"model\": \"timed\", \"params\": {\"prompt\": " + "[".repeat(1800) + "]".repeat(1800) + "}}";
        Http.Response response = http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("json_limit");
        assertThat(response.json().get("limit").asString()).startsWith("nesting depth at most ");
    }

    @Test
    void longNumber_is400NamingTheNumberLimit() {
        String body = "{\"model\": \"timed\", \"params\": {\"seed\": " + "9".repeat(1200) + "}}";
        Http.Response response = http.send(http.request("/v1/tasks", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("json_limit");
        assertThat(response.json().get("limit").asString()).startsWith("numbers of at most ");
    }

    @Test
    void duplicateField_is400NamingTheField() {
        Http.Response response = http.post("/v1/tasks", "{\"model\": \"timed\", \"model\": \"tiny-sd\"}", user);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("duplicate_field");
        assertThat(response.json().get("field").asString()).isEqualTo("model");
    }

    @Test
    void nonIntegerLimit_saysItMustBeAnInteger() {
        JsonNode problem = http.get("/v1/tasks?limit=abc", user).json();

        assertThat(problem.get("limit").asString()).isEqualTo("an integer");
        assertThat(problem.get("detail").asString()).doesNotContain("java.lang");
    }

    @Test
    void garbageCursor_is400InvalidQuery() {
        Http.Response response = http.get("/v1/tasks?cursor=%27%20OR%201=1", user);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("invalid_query");
        assertThat(response.json().get("field").asString()).isEqualTo("cursor");
    }

    @Test
    void missingContentType_saysSendApplicationJson() {
        Http.Response response = http.send(http.request("/v1/tasks", user).POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.json().get("code").asString()).isEqualTo("missing_content_type");
        assertThat(response.json().get("detail").asString()).isEqualTo("Content-Type is missing; send application/json.");
    }

    @Test
    void cancelFinishedTask_saysItHasFinishedWithoutItsReasonAsLimit() {
        String id = http.submitTimed(user, Map.of("prompt", "finish first"));
        awaitStatus(id, "succeeded");

        JsonNode problem = http.post("/v1/tasks/" + id + "/cancel", "{}", user).json();

        assertThat(problem.get("code").asString()).isEqualTo("task_finished");
        assertThat(problem.get("detail").asString()).startsWith("The task has already finished (succeeded)");
        assertThat(problem.has("limit")).isFalse();
    }

    @Test
    void errorPathRequestedDirectly_is404Problem() {
        Http.Response response = http.get("/error", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("not_found");
    }

    @Test
    void openApi_describesTheApiAndTheSubmitResponses() {
        JsonNode api = http.get("/v3/api-docs", null).json();

        assertThat(api.get("info").get("title").asString()).isEqualTo("Easel API");
        assertThat(api.get("info").get("version").asString()).isEqualTo(OpenApiConfiguration.API_VERSION);
        assertThat(api.get("info").get("description").asString()).contains("202");
        JsonNode responses = api.get("paths").get("/v1/tasks").get("post").get("responses");
        assertThat(responses.has("202")).isTrue();
        assertThat(responses.get("422").get("content").has("application/problem+json")).isTrue();
    }

    @Test
    void img2imgWithoutImage_is422AtSubmit() {
        Http.Response response = http.post("/v1/tasks", Map.of("model", "tiny-sd", "capability", "img2img",
                "params", Map.of("prompt", "no init image")), user);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo("missing_field");
        assertThat(response.json().get("field").asString()).isEqualTo("params.image");
        assertThat(http.get("/v1/tasks", user).json().get("items")).isEmpty();
    }

    @Test
    void imageWithTxt2img_is422SayingWhereImagesAreUsed() {
        Http.Response response = http.post("/v1/tasks", Map.of("model", "tiny-sd", "capability", "txt2img",
                "params", Map.of("prompt", "stray image", "image", "aGVsbG8=")), user);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("field").asString()).isEqualTo("params.image");
        assertThat(response.json().get("limit").asString()).startsWith("image is only used by img2img, upscale and remove_background");
    }

    @Test
    void acceptWithoutJson_is406NotAcceptable() {
        Http.Response response = http.send(http.request("/v1/models", user).header("Accept", "image/png").GET());

        assertThat(response.status()).as(response.body()).isEqualTo(406);
        assertThat(response.json().get("code").asString()).isEqualTo("not_acceptable");
        assertThat(response.json().get("status").asInt()).isEqualTo(406);
    }
}
