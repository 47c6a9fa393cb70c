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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Retry-After} of {@code too_many_queued} and {@code queue_full} comes from the scheduler's
 * projection: the projected start of the user's first queued task, or of the tier's next task.
 * Both worker slots are kept busy by long tasks (1,000 steps of 20 ms, about 20 s each), so the
 * projected start of a queued low-tier task lies seconds ahead.
 */
class RetryAfterApiTest extends ServerTestBase {

    private final List<String> blockers = new ArrayList<>();
    private final List<String> waiting = new ArrayList<>();
    private String busy;

    @AfterEach
    void clean() {
        setLimits(Map.of());
        for (String id : waiting) {
            http.post("/v1/tasks/" + id + "/cancel", "{}", user);
        }
        for (String id : blockers) {
            http.post("/v1/tasks/" + id + "/cancel", "{}", busy);
        }
    }

    @Test
    void tooManyQueued_retryAfterFromUsersStart() {
        blockWorkers();
        setLimits(Map.of("max_queued_per_user", 1));
        String first = submitLow("waits").json().get("id").asString();
        waiting.add(first);
        double startIn = awaitProjectedStart(first);

        Http.Response rejected = submitLow("too many");

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.json().get("code").asString()).isEqualTo("too_many_queued");
        long retryAfter = Long.parseLong(rejected.header("Retry-After"));
        // The projection is refreshed at most once a second between the two reads.
        assertThat((double) retryAfter).isBetween(Math.floor(startIn) - 1, Math.ceil(startIn) + 1);
    }

    @Test
    void queueFull_retryAfterFromTiersStart() {
        blockWorkers();
        setLimits(Map.of("max_queued", 1));
        String first = submitLow("fills the tier").json().get("id").asString();
        waiting.add(first);
        double startIn = awaitProjectedStart(first);

        Http.Response rejected = http.post("/v1/tasks", Map.of("model", "timed", "tier", "low",
                "params", Map.of("prompt", "no room")), "other-" + user);

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.json().get("code").asString()).isEqualTo("queue_full");
        long retryAfter = Long.parseLong(rejected.header("Retry-After"));
        assertThat((double) retryAfter).isBetween(Math.floor(startIn) - 2, Math.ceil(startIn) + 1);
        assertThat(rejected.json().get("retry_after_seconds").asLong()).isEqualTo(retryAfter);
    }

    /** Returns the projected start of a queued task in seconds from now, once the server has projected it. */
    private double awaitProjectedStart(String id) {
        JsonNode task = awaitTask(id, t -> t.path("eta").path("start_in_seconds").isNumber());
        return task.get("eta").get("start_in_seconds").asDouble();
    }

    private Http.Response submitLow(String prompt) {
        Http.Response response = http.post("/v1/tasks", Map.of("model", "timed", "tier", "low", "params", Map.of("prompt", prompt)), user);
        assertThat(response.status()).as(response.body()).isIn(202, 429);
        return response;
    }

    /** Occupies both worker slots (and queues two more in the normal tier) with long tasks of another user. */
    private void blockWorkers() {
        busy = "busy-" + user;
        for (int i = 0; i < 4; i++) {
            blockers.add(http.submitTimed(busy, Map.of("prompt", "block " + i, "steps", 1000)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> blockers.stream()
                .filter(id -> "running".equals(http.get("/v1/tasks/" + id, busy).json().path("status").asString()))
                .count() >= 2);
    }

    private void setLimits(Map<String, Object> limits) {
        Http.Response response = http.send(http.request("/v1/admin/tiers/low/limits", Http.TEST_ADMIN_KEY)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(limits))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
