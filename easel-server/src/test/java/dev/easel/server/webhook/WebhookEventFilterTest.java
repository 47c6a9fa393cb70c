package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookEventFilterTest {

    @Test
    void parse_namesInAnyCase_acceptsExactlyThose() {
        WebhookEventFilter filter = WebhookEventFilter.parse("webhook.events", List.of("started", "PROGRESS"));

        assertThat(filter.accepts(WebhookEventType.STARTED)).isTrue();
        assertThat(filter.accepts(WebhookEventType.PROGRESS)).isTrue();
        assertThat(filter.accepts(WebhookEventType.SUCCEEDED)).isFalse();
        assertThat(filter.wireNames()).containsExactly("started", "progress");
    }

    @Test
    void parse_nullOrEmpty_terminalEventsOnly() {
        assertThat(WebhookEventFilter.parse("webhook.events", null)).isEqualTo(WebhookEventFilter.TERMINAL);
        assertThat(WebhookEventFilter.parse("webhook.events", List.of())).isEqualTo(WebhookEventFilter.TERMINAL);
        assertThat(WebhookEventFilter.TERMINAL.wireNames()).containsExactly("succeeded", "failed", "canceled", "expired");
    }

    @Test
    void parse_unknownName_namesFieldValueAndChoices() {
        assertThatThrownBy(() -> WebhookEventFilter.parse("webhook.events", List.of("queued", "finished")))
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("webhook.events");
                    assertThat(e.value()).isEqualTo("finished");
                    assertThat(e.rule()).contains("queued, started, progress, succeeded, failed, canceled, expired");
                });
    }

    @Test
    void eventType_envelopeTypeAndTerminal() {
        assertThat(WebhookEventType.SUCCEEDED.envelopeType()).isEqualTo("task.succeeded");
        assertThat(WebhookEventType.EXPIRED.isTerminal()).isTrue();
        assertThat(WebhookEventType.PROGRESS.isTerminal()).isFalse();
    }
}
