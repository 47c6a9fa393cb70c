package dev.easel.server.admin;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tier admin bodies with fractions, huge numbers or incomplete settings: each is a 422
 * {@code invalid_tier_setting} naming the field, the value and the range, and leaves the tier as
 * it was, instead of being truncated, overflowing into a 500 or changing a setting silently.
 */
class TierInputChecksApiTest extends TierControlTestBase {

    private Http http;

    @BeforeEach
    void newClient() {
        http = new Http(port);
    }

    @AfterEach
    void resetLow() {
        http.post("/v1/admin/tiers/low/resume", "{}", Http.TEST_ADMIN_KEY);
        assertThat(send("PUT", "/v1/admin/tiers/low/limits", "{\"degrade\": []}", "en").status()).isEqualTo(200);
    }

    @Test
    void pause_outOfRangeOrFraction_is422() {
        for (String seconds : List.of("9223372036854775807", "31556889864403199", "1e12", "1e300", "2.9", "0", "-5", "2592001")) {
            Http.Response response = send("POST", "/v1/admin/tiers/low/pause", "{\"for_seconds\": " + seconds + "}", "en");

            assertThat(response.status()).as(seconds + ": " + response.body()).isEqualTo(422);
            assertThat(response.json().get("code").asString()).isEqualTo("invalid_tier_setting");
            assertThat(response.json().get("field").asString()).isEqualTo("for_seconds");
            assertThat(response.json().get("limit").asString()).contains("1 to 2592000 seconds");
            assertThat(response.json().get("detail").asString()).contains("for_seconds", "2592000");
        }

        assertThat(tier(http, "low").get("paused").asBoolean()).isFalse();
    }

    @Test
    void pause_thirtyDays_isAccepted() {
        JsonNode paused = send("POST", "/v1/admin/tiers/low/pause", "{\"for_seconds\": 2592000.0}", "en").json();

        Instant until = Instant.parse(paused.get("paused_until").asString());
        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(Duration.between(Instant.now(), until).toDays()).isBetween(29L, 30L);
    }

    @Test
    void pause_inChinese_detailIsWhollyChinese() {
        Http.Response response = send("POST", "/v1/admin/tiers/low/pause", "{\"for_seconds\": 1e12}", "zh-CN");

        String detail = response.json().get("detail").asString();
        assertThat(response.status()).isEqualTo(422);
        assertThat(detail).contains("for_seconds", "2592000", "30").containsPattern("[\\u4e00-\\u9fff]");
        assertThat(detail.replace("for_seconds", "")).doesNotContainPattern("[A-Za-z]{2,}");
    }

    @Test
    void scheduler_fractionsAndExtremes_is422AndTierUnchanged() {
        JsonNode before = tier(http, "low").get("scheduler");

        assertRejected("PUT", "/v1/admin/tiers/low/scheduler", "{\"max_queued_per_user\": 1.5}", "max_queued_per_user");
        assertRejected("PUT", "/v1/admin/tiers/low/scheduler", "{\"max_queued\": 2.5}", "max_queued");
        assertRejected("PUT", "/v1/admin/tiers/low/scheduler", "{\"max_wait_seconds\": 9223372036854775807}", "max_wait_seconds");
        assertRejected("PUT", "/v1/admin/tiers/low/scheduler", "{\"weight\": 1e308}", "weight");
        assertRejected("PUT", "/v1/admin/tiers/low/scheduler", "{\"weight\": 1e-300}", "weight");

        assertThat(tier(http, "low").get("scheduler")).isEqualTo(before);
    }

    @Test
    void scheduler_weightBounds_areAccepted() {
        double weight = tier(http, "low").get("scheduler").get("weight").asDouble();

        assertThat(send("PUT", "/v1/admin/tiers/low/scheduler", "{\"weight\": 0.01}", "en").status()).isEqualTo(200);
        assertThat(send("PUT", "/v1/admin/tiers/low/scheduler", "{\"weight\": 10000}", "en").status()).isEqualTo(200);
        assertThat(tier(http, "low").get("scheduler").get("weight").asDouble()).isEqualTo(10000.0);
        assertThat(send("PUT", "/v1/admin/tiers/low/scheduler", "{\"weight\": " + weight + "}", "en").status()).isEqualTo(200);
    }

    @Test
    void limits_fractions_is422() {
        JsonNode response = assertRejected("PUT", "/v1/admin/tiers/low/limits", "{\"max_queued_per_user\": 2.7, \"rate_requests\": 4}",
                "max_queued_per_user");
        assertRejected("PUT", "/v1/admin/tiers/low/limits", "{\"rate_requests\": 3.9}", "rate_requests");

        assertThat(response.get("value").asDouble()).isEqualTo(2.7);
        assertThat(response.get("limit").asString()).isEqualTo("an integer from 1 to 2147483647, or no field for no limit");
        assertThat(tier(http, "low").get("limits").has("rate_requests")).isFalse();
    }

    @Test
    void limits_ratePeriodWithoutRequests_is422() {
        assertThat(send("PUT", "/v1/admin/tiers/low/limits", "{\"rate_requests\": 100, \"rate_period_seconds\": 60}", "en").status())
                .isEqualTo(200);

        JsonNode period = assertRejected("PUT", "/v1/admin/tiers/low/limits", "{\"rate_period_seconds\": 5}", "rate_period_seconds");
        assertRejected("PUT", "/v1/admin/tiers/low/limits", "{\"rate_burst\": 5}", "rate_burst");

        assertThat(period.get("limit").asString()).contains("rate_requests");
        assertThat(tier(http, "low").get("limits").get("rate_requests").asInt()).isEqualTo(100);
        assertThat(send("PUT", "/v1/admin/tiers/low/limits", "{}", "en").status()).isEqualTo(200);
    }

    @Test
    void limits_duplicateDegradeThreshold_is422() {
        String rules = "{\"degrade\": [{\"when_wait_over_seconds\": 5, \"action\": \"reject\"},"
                + " {\"when_wait_over_seconds\": 5.0, \"action\": \"cap\", \"max_steps\": 10}]}";

        JsonNode response = assertRejected("PUT", "/v1/admin/tiers/low/limits", rules, "degrade[1].when_wait_over_seconds");

        assertThat(response.get("limit").asString()).contains("degrade[0]");
        assertThat(tier(http, "low").get("limits").get("degrade")).isEmpty();
    }

    @Test
    void maxQueuedPerUserZero_acceptedBySchedulerOnly() {
        int before = tier(http, "low").get("scheduler").get("max_queued_per_user").asInt();

        Http.Response scheduler = send("PUT", "/v1/admin/tiers/low/scheduler", "{\"max_queued_per_user\": 0}", "en");
        JsonNode limits = assertRejected("PUT", "/v1/admin/tiers/low/limits", "{\"max_queued_per_user\": 0}", "max_queued_per_user");

        assertThat(scheduler.status()).isEqualTo(200);
        assertThat(scheduler.json().get("scheduler").get("max_queued_per_user").asInt()).isZero();
        assertThat(limits.get("limit").asString()).contains("no field for no limit");
        assertThat(send("PUT", "/v1/admin/tiers/low/scheduler", "{\"max_queued_per_user\": " + before + "}", "en").status())
                .isEqualTo(200);
    }

    private JsonNode assertRejected(String method, String path, String body, String field) {
        Http.Response response = send(method, path, body, "en");
        assertThat(response.status()).as(body + ": " + response.body()).isEqualTo(422);
        assertThat(response.json().get("code").asString()).as(body).isEqualTo("invalid_tier_setting");
        assertThat(response.json().get("field").asString()).as(body).isEqualTo(field);
        return response.json();
    }

    private Http.Response send(String method, String path, String body, String language) {
        return http.send(http.request(path, Http.TEST_ADMIN_KEY).header("Content-Type", "application/json")
                .header("Accept-Language", language).method(method, HttpRequest.BodyPublishers.ofString(body)));
    }
}
