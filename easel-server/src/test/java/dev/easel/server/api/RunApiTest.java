package dev.easel.server.api;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/run} over real HTTP, with the timed back end as the realtime model: one
 * realtime worker, two calls in flight at most (see {@link ServerTestBase}).
 */
class RunApiTest extends ServerTestBase {

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
}
