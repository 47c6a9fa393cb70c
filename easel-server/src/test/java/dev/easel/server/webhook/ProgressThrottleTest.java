package dev.easel.server.webhook;

import dev.easel.server.support.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final ProgressThrottle throttle = new ProgressThrottle(clock, Duration.ofMillis(500));

    @Test
    void progress_withinInterval_dropped() {
        assertThat(throttle.tryPass("t1", WebhookEventType.PROGRESS)).isTrue();

        clock.advance(Duration.ofMillis(499));
        assertThat(throttle.tryPass("t1", WebhookEventType.PROGRESS)).isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.tryPass("t1", WebhookEventType.PROGRESS)).isTrue();
    }

    @Test
    void droppedEvent_doesNotRestartInterval() {
        throttle.tryPass("t1", WebhookEventType.PROGRESS);
        clock.advance(Duration.ofMillis(300));
        throttle.tryPass("t1", WebhookEventType.PROGRESS);

        clock.advance(Duration.ofMillis(200));

        assertThat(throttle.tryPass("t1", WebhookEventType.PROGRESS)).isTrue();
    }

    @Test
    void tasks_throttledIndependently() {
        assertThat(throttle.tryPass("t1", WebhookEventType.PROGRESS)).isTrue();
        assertThat(throttle.tryPass("t2", WebhookEventType.PROGRESS)).isTrue();
        assertThat(throttle.tryPass("t1", WebhookEventType.PROGRESS)).isFalse();
    }

    @Test
    void nonProgressEvents_alwaysPass() {
        throttle.tryPass("t1", WebhookEventType.PROGRESS);

        assertThat(throttle.tryPass("t1", WebhookEventType.STARTED)).isTrue();
        assertThat(throttle.tryPass("t1", WebhookEventType.SUCCEEDED)).isTrue();
        assertThat(throttle.tryPass("t1", WebhookEventType.SUCCEEDED)).isTrue();
    }

    @Test
    void forget_dropsEntry() {
        throttle.tryPass("t1", WebhookEventType.PROGRESS);

        throttle.forget("t1");

        assertThat(throttle.trackedTasks()).isZero();
        assertThat(throttle.tryPass("t1", WebhookEventType.PROGRESS)).isTrue();
    }
}
