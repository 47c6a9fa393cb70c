package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/run} over real HTTP, with the timed back end as the realtime model: one
 * realtime worker, two calls in flight at most (see {@link ServerTestBase}).
 */
class RunApiTest extends ServerTestBase {

    @AfterEach
    void clearRealtimeLimits() {
        setRealtimeLimits(Map.of());
    }

    @Test
    void run_answersWithTheFinishedTask() {
        Http.Response response = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "fast", "steps", 2)), user);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("succeeded");
        String url = response.json().get("outputs").get(0).get("url").asString();
        assertThat(http.get(url, user).header("Content-Type")).isEqualTo("image/png");
        assertThat(http.get("/v1/tasks/" + response.json().get("id").asString(), user).json().get("tier").asString())
                .isEqualTo("realtime");
    }

    /** Scenario 17: a burst beyond the lane's bound is shed at once; generation queued meanwhile is not in the way. */
    @Test
    void burst_beyondBound_isShedWith429AndRetryAfter() {
        String busy = "generation-" + user;
        List<String> generation = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            generation.add(http.submitTimed(busy, Map.of("prompt", "long " + i, "steps", 100)));
        }

        List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            Map<String, Object> body = Map.of("model", "timed", "params", Map.of("prompt", "burst " + i, "steps", 25));
            calls.add(CompletableFuture.supplyAsync(() -> http.post("/v1/run", body, user), callers));
        }
        List<Http.Response> answers = calls.stream().map(CompletableFuture::join).toList();
        callers.shutdown();

        List<Http.Response> served = answers.stream().filter(a -> a.status() == 200).toList();
        List<Http.Response> shed = answers.stream().filter(a -> a.status() == 429).toList();
        assertThat(served).hasSizeGreaterThanOrEqualTo(2);
        assertThat(served.size() + shed.size()).isEqualTo(6);
        assertThat(shed).isNotEmpty().allSatisfy(a -> {
            assertThat(a.json().get("code").asString()).isEqualTo("realtime_busy");
            assertThat(a.header("Retry-After")).isEqualTo("1");
        });
        assertThat(served).allSatisfy(a -> assertThat(a.json().get("status").asString()).isEqualTo("succeeded"));
        for (String id : generation) {
            http.post("/v1/tasks/" + id + "/cancel", "{}", busy);
        }
    }

    @Test
    void run_otherTier_is422() {
        Http.Response response = http.post("/v1/run", Map.of("model", "timed", "tier", "low"), user);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("field").asString()).isEqualTo("tier");
    }

    @Test
    void run_unknownField_is400() {
        Http.Response response = http.post("/v1/run", Map.of("model", "timed", "colour", "red"), user);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("unknown_field");
    }

    @Test
    void run_tooSlow_is504AndCanceled() {
        // 400 steps of 20 ms take 8 s, past the 3 s timeout of the test server.
        Http.Response response = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "slow", "steps", 400)), user);

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.json().get("code").asString()).isEqualTo("run_timeout");
        JsonNode task = awaitTask(response.json().get("value").asString(), t -> t.get("status").asString().equals("canceled"));
        assertThat(task.get("tier").asString()).isEqualTo("realtime");
        assertThat(task.get("reason").asString()).startsWith("canceled because the POST /v1/run call timed out after 3000 ms")
                .doesNotContain("by the user");
    }

    @Test
    void run_modelOutsideRealtimePool_is422() {
        Http.Response response = http.post("/v1/run", Map.of("model", "tiny-sd", "params", Map.of("prompt", "slow lane")), user);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo("invalid_field");
        assertThat(response.json().get("field").asString()).isEqualTo("model");
        assertThat(response.json().get("value").asString()).isEqualTo("tiny-sd");
        assertThat(response.json().get("limit").asString()).endsWith(": timed");
        assertThat(http.get("/v1/tasks?limit=100", user).json().get("items")).isEmpty();
    }

    @Test
    void run_withoutModel_is422() {
        Http.Response response = http.post("/v1/run", Map.of("params", Map.of("prompt", "no model")), user);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).isEqualTo("missing_field");
        assertThat(response.json().get("limit").asString()).isEqualTo("one of: timed");
    }

    @Test
    void run_userAtMaxRunning_is429TooManyRunning() {
        setRealtimeLimits(Map.of("max_running_per_user", 1));
        // 100 steps of 20 ms take 2 s, within the 3 s timeout of the test server.
        CompletableFuture<Http.Response> slow = CompletableFuture.supplyAsync(() -> http.post("/v1/run",
                Map.of("model", "timed", "params", Map.of("prompt", "slow", "steps", 100)), user));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/v1/tasks", user).json().path("items").size() == 1);

        Http.Response second = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "second", "steps", 2)), user);
        Http.Response first = slow.join();
        Http.Response afterFirst = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "after", "steps", 2)), user);

        assertThat(second.status()).as(second.body()).isEqualTo(429);
        assertThat(second.json().get("code").asString()).isEqualTo("too_many_running");
        assertThat(second.json().get("value").asInt()).isEqualTo(1);
        assertThat(second.json().get("limit").asString()).isEqualTo("1");
        assertThat(Long.parseLong(second.header("Retry-After"))).isBetween(1L, 3L);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(afterFirst.status()).as(afterFirst.body()).isEqualTo(200);
    }

    @Test
    void run_isNotCheckedAgainstQueueLimits() {
        setRealtimeLimits(Map.of("max_queued", 0, "max_queued_per_user", 1));

        Http.Response response = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "no queue", "steps", 2)), user);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void run_rejectedAfterAdmission_givesRateTokenBack() {
        setRealtimeLimits(Map.of("rate_requests", 1, "rate_period_seconds", 3600));

        Http.Response invalid = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "zero", "steps", 0)), user);
        Http.Response valid = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "valid", "steps", 2)), user);
        Http.Response next = http.post("/v1/run", Map.of("model", "timed", "params", Map.of("prompt", "over", "steps", 2)), user);

        assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
        assertThat(valid.status()).as(valid.body()).isEqualTo(200);
        assertThat(next.status()).as(next.body()).isEqualTo(429);
        assertThat(next.json().get("code").asString()).isEqualTo("rate_limited");
    }

    @Test
    void run_termsOfQueuedTasks_are400NamingTheField() {
        Map<String, Map<String, Object>> bodies = Map.of(
                "webhook", Map.of("model", "timed", "webhook", Map.of("url", "not a URL")),
                "start_by", Map.of("model", "timed", "start_by", "2020-01-01T00:00:00Z"),
                "cancel_after", Map.of("model", "timed", "cancel_after", 60));
        for (Map.Entry<String, Map<String, Object>> body : bodies.entrySet()) {
            Http.Response response = http.post("/v1/run", body.getValue(), user);

            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("unsupported_field");
            assertThat(response.json().get("field").asString()).isEqualTo(body.getKey());
            assertThat(response.json().get("limit").asString()).isEqualTo("applies to POST /v1/tasks only");
        }
        Http.Response withKey = http.send(http.request("/v1/run", user).header("Content-Type", "application/json")
                .header("Idempotency-Key", "run-once").POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"timed\"}")));

        assertThat(withKey.status()).as(withKey.body()).isEqualTo(400);
        assertThat(withKey.json().get("code").asString()).isEqualTo("unsupported_field");
        assertThat(withKey.json().get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(http.get("/v1/tasks?limit=100", user).json().get("items")).isEmpty();
    }

    @Test
    void run_fieldOfWrongType_isWrongTypeAsInTasks() {
        String body = "{\"model\": {\"id\": 1}}";

        Http.Response run = http.post("/v1/run", body, user);
        Http.Response submit = http.post("/v1/tasks", body, user);

        assertThat(run.status()).as(run.body()).isEqualTo(400);
        assertThat(run.json().get("code").asString()).isEqualTo("wrong_type");
        assertThat(run.json().get("field").asString()).isEqualTo("model");
        assertThat(run.json().get("limit").asString()).isEqualTo(submit.json().get("limit").asString());
        assertThat(submit.json().get("code").asString()).isEqualTo("wrong_type");
    }

    private void setRealtimeLimits(Map<String, Object> limits) {
        Http.Response response = http.send(http.request("/v1/admin/tiers/realtime/limits", Http.TEST_ADMIN_KEY)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(limits))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
