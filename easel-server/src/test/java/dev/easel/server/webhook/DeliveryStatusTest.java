package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryStatusTest {

    @Test
    void toView_listsEveryAttemptWithoutBody() {
        Instant t0 = Instant.parse("2026-12-04T12:00:00Z");
        WebhookDelivery delivery = new WebhookDelivery("msg_1", "task_1", "u1", URI.create("https://hooks.example.com/x"),
                WebhookEventType.SUCCEEDED, "{\"secret\":\"body\"}".getBytes(), 2, t0);
        List<DeliveryAttempt> attempts = List.of(
                new DeliveryAttempt("msg_1", 1, t0, Duration.ofMillis(15), AttemptOutcome.REDIRECT, 301, "receiver answered 301", null),
                new DeliveryAttempt("msg_1", 2, t0.plusSeconds(4), Duration.ofSeconds(15), AttemptOutcome.TIMEOUT, null, "timed out", null));

        Map<String, Object> view = new DeliveryStatus(delivery, DeliveryState.PENDING, t0.plusSeconds(20), attempts).toView();

        assertThat(view).containsEntry("id", "msg_1").containsEntry("event", "succeeded").containsEntry("state", "pending")
                .containsEntry("next_attempt_at", "2026-12-04T12:00:20Z");
        assertThat(view.toString()).doesNotContain("secret");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attemptViews = (List<Map<String, Object>>) view.get("attempts");
        assertThat(attemptViews).extracting(a -> a.get("outcome")).containsExactly("redirect", "timeout");
        assertThat(attemptViews).extracting(a -> a.get("status_code")).containsExactly(301, null);
        assertThat(attemptViews.get(1)).containsEntry("duration_ms", 15_000L).containsEntry("started_at", "2026-12-04T12:00:04Z");
    }
}
