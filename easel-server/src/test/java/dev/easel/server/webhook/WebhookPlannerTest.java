package dev.easel.server.webhook;

import dev.easel.server.support.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.task.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookPlannerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final WebhookPlanner planner = new WebhookPlanner(new ProgressThrottle(clock, Duration.ofMillis(500)), clock);
    private final TaskWebhook all = TaskWebhook.fromRequest("https://hooks.example.com/easel",
            List.of("queued", "started", "progress", "succeeded"), DestinationGuard.strict());

    @Test
    void plan_acceptedEvent_deliveryWithEnvelope() {
        Optional<WebhookDelivery> delivery = planner.plan("task_1", "u1", all, WebhookEventType.SUCCEEDED,
                Map.of("id", "task_1", "status", "succeeded"));

        assertThat(delivery).hasValueSatisfying(d -> {
            assertThat(d.id()).startsWith("msg_").doesNotContain(".");
            assertThat(d.userId()).isEqualTo("u1");
            assertThat(d.attempts()).isZero();
            assertThat(d.scheduleStart()).isEqualTo(clock.instant());
            assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"type\":\"task.succeeded\",\"timestamp\":\"2026-12-04T12:00:00Z\",\"data\":{\"id\":\"task_1\",\"status\":\"succeeded\"}}");
        });
    }

    @Test
    void plan_eachDeliveryGetsOwnId() {
        WebhookDelivery first = planner.plan("task_1", "u1", all, WebhookEventType.QUEUED, Map.of()).orElseThrow();
        WebhookDelivery second = planner.plan("task_1", "u1", all, WebhookEventType.STARTED, Map.of()).orElseThrow();

        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void plan_filteredOrNoWebhook_nothing() {
        assertThat(planner.plan("task_1", "u1", all, WebhookEventType.FAILED, Map.of())).isEmpty();
        assertThat(planner.plan("task_1", "u1", null, WebhookEventType.SUCCEEDED, Map.of())).isEmpty();
    }

    @Test
    void plan_progressThrottledPerTask() {
        assertThat(planner.plan("task_1", "u1", all, WebhookEventType.PROGRESS, Map.of("step", 1))).isPresent();
        clock.advance(Duration.ofMillis(100));
        assertThat(planner.plan("task_1", "u1", all, WebhookEventType.PROGRESS, Map.of("step", 2))).isEmpty();
        clock.advance(Duration.ofMillis(400));
        assertThat(planner.plan("task_1", "u1", all, WebhookEventType.PROGRESS, Map.of("step", 6))).isPresent();
    }

    @Test
    void fromRequest_invalidValues_namesFields() {
        assertThatThrownBy(() -> TaskWebhook.fromRequest(null, null, DestinationGuard.strict()))
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class, e -> assertThat(e.field()).isEqualTo("webhook.url"));
        assertThatThrownBy(() -> TaskWebhook.fromRequest("http://192.168.0.10/hook", null, DestinationGuard.strict()))
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class, e -> assertThat(e.rule()).contains("private address"));
        assertThatThrownBy(() -> TaskWebhook.fromRequest("https://hooks.example.com/", List.of("done"), DestinationGuard.strict()))
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class, e -> assertThat(e.field()).isEqualTo("webhook.events"));
        assertThat(TaskWebhook.fromRequest("https://hooks.example.com/", null, DestinationGuard.strict()).events())
                .isEqualTo(WebhookEventFilter.TERMINAL);
    }

    @Test
    void eventType_forTransition_retryingAnnouncesNothing() {
        assertThat(WebhookEventType.forTransition(TaskState.RUNNING)).contains(WebhookEventType.STARTED);
        assertThat(WebhookEventType.forTransition(TaskState.QUEUED)).contains(WebhookEventType.QUEUED);
        assertThat(WebhookEventType.forTransition(TaskState.EXPIRED)).contains(WebhookEventType.EXPIRED);
        assertThat(WebhookEventType.forTransition(TaskState.RETRYING)).isEmpty();
    }
}
