package dev.easel.server.admin;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A degrade {@code cap} rule with a pixel limit over real HTTP: the capped size keeps the aspect
 * ratio on the model's size multiple (8 pixels for the timed back end), and the 202 response of
 * the submit already shows the changes. {@code DegraderTest} covers a side that stays unchanged,
 * which this server's timed model, at most 512 pixels a side, cannot reach with the smallest cap
 * of 4096 pixels.
 */
class DegradeCapApiTest extends TierControlTestBase {

    private final List<String[]> toCancel = new ArrayList<>();
    private Http client;

    @BeforeEach
    void newClient() {
        client = new Http(port);
    }

    @AfterEach
    void cleanUp() {
        for (String[] task : toCancel) {
            client.post("/v1/tasks/" + task[1] + "/cancel", "{}", task[0]);
        }
        assertThat(put(client, "/v1/admin/tiers/low/limits", Map.of("degrade", List.of())).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> tier(client, "low").get("queued").asInt() == 0
                && tier(client, "normal").get("queued").asInt() == 0);
    }

    @Test
    void capPixels_wideImage_keepsAspectRatio() {
        fillLowQueue();
        assertThat(put(client, "/v1/admin/tiers/low/limits", Map.of("degrade", List.of(capPixels(4096)))).status()).isEqualTo(200);

        String user = "user-" + UUID.randomUUID();
        Http.Response accepted = submit(client, user, "low", Map.of("prompt", "wide", "steps", 2, "width", 256, "height", 64));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        toCancel.add(new String[] {user, id});
        JsonNode task = client.get("/v1/tasks/" + id, user).json();

        // 256 x 64 scaled by sqrt(4096 / 16384) = 0.5 is 128 x 32, both multiples of 8.
        assertThat(accepted.json().get("degraded").asBoolean()).as(accepted.body()).isTrue();
        assertThat(accepted.json().get("degrade_changes").toString())
                .isEqualTo("[{\"field\":\"width\",\"requested\":256,\"applied\":128},{\"field\":\"height\",\"requested\":64,\"applied\":32}]");
        assertThat(task.get("params").get("width").asInt()).isEqualTo(128);
        assertThat(task.get("params").get("height").asInt()).isEqualTo(32);
        assertThat(task.get("degrade_changes")).isEqualTo(accepted.json().get("degrade_changes"));
    }

    @Test
    void capSteps_stepsLeftOut_capsModelDefault() {
        fillLowQueue();
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("when_wait_over_seconds", 1);
        rule.put("action", "cap");
        rule.put("max_steps", 2);
        assertThat(put(client, "/v1/admin/tiers/low/limits", Map.of("degrade", List.of(rule))).status()).isEqualTo(200);

        String user = "user-" + UUID.randomUUID();
        Http.Response accepted = submit(client, user, "low", Map.of("prompt", "default steps"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        toCancel.add(new String[] {user, id});
        JsonNode task = client.get("/v1/tasks/" + id, user).json();

        // The timed model here defaults to 5 steps (easel.backends.timed.steps).
        assertThat(accepted.json().get("degraded").asBoolean()).as(accepted.body()).isTrue();
        assertThat(accepted.json().get("degrade_changes").toString())
                .isEqualTo("[{\"field\":\"steps\",\"requested\":5,\"applied\":2}]");
        assertThat(task.get("params").get("steps").asInt()).isEqualTo(2);
    }

    /** Occupies the only worker slot and queues low tasks behind it until the tier's projected wait is over 2 s. */
    private void fillLowQueue() {
        String blocker = "blocker-" + UUID.randomUUID();
        toCancel.add(new String[] {blocker, occupyWorker(client, blocker)});
        for (int i = 0; i < 3; i++) {
            String queued = "queued-" + i + "-" + UUID.randomUUID();
            toCancel.add(new String[] {queued, submitted(client, queued, "low", Map.of("prompt", "backlog", "steps", 50))});
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tier(client, "low").get("projected_wait_seconds").asDouble() > 2);
    }

    private static Map<String, Object> capPixels(int maxPixels) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("when_wait_over_seconds", 1);
        rule.put("action", "cap");
        rule.put("max_pixels", maxPixels);
        return rule;
    }
}
