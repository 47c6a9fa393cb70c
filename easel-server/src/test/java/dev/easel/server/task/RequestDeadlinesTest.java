package dev.easel.server.task;

import dev.easel.server.store.TaskDeadlines;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestDeadlinesTest {

    private static final long NOW = Instant.parse("2026-12-05T00:00:00Z").toEpochMilli();

    @Test
    void parse_neither_isNone() {
        assertThat(RequestDeadlines.parse(null, null, NOW)).isEqualTo(TaskDeadlines.NONE);
    }

    @Test
    void parse_instantWithOffset_isConvertedToUtc() {
        TaskDeadlines deadlines = RequestDeadlines.parse("2026-12-05T10:00:00+08:00", null, NOW);

        assertThat(deadlines.startByMillis()).isEqualTo(Instant.parse("2026-12-05T02:00:00Z").toEpochMilli());
        assertThat(deadlines.cancelAfterMillis()).isNull();
    }

    @Test
    void parse_instantWithoutSeconds_isAccepted() {
        TaskDeadlines deadlines = RequestDeadlines.parse("2026-12-05T10:15+08:00", "2026-12-05T03:00Z", NOW);

        assertThat(deadlines.startByMillis()).isEqualTo(Instant.parse("2026-12-05T02:15:00Z").toEpochMilli());
        assertThat(deadlines.cancelAfterMillis()).isEqualTo(Instant.parse("2026-12-05T03:00:00Z").toEpochMilli());
    }

    @Test
    void parse_secondsFromNow_includingFractions() {
        TaskDeadlines deadlines = RequestDeadlines.parse(1.5, 90, NOW);

        assertThat(deadlines.startByMillis()).isEqualTo(NOW + 1_500);
        assertThat(deadlines.cancelAfterMillis()).isEqualTo(NOW + 90_000);
    }

    @Test
    void parse_sevenDayLimit_isInclusive() {
        long week = RequestDeadlines.MAX_AHEAD.toMillis();

        assertThat(RequestDeadlines.parse(null, Instant.ofEpochMilli(NOW + week).toString(), NOW).cancelAfterMillis())
                .isEqualTo(NOW + week);
        assertThatThrownBy(() -> RequestDeadlines.parse(null, Instant.ofEpochMilli(NOW + week + 1).toString(), NOW))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("cancel_after");
                    assertThat(e.limit()).contains("604800 seconds");
                });
    }

    @Test
    void parse_tinySeconds_roundsUpToMillisecond() {
        TaskDeadlines deadlines = RequestDeadlines.parse(null, 0.0001, NOW);

        assertThat(deadlines.cancelAfterMillis()).isEqualTo(NOW + 1);
    }

    @Test
    void parse_hugeNumber_isRejectedWithoutOverflow() {
        assertThatThrownBy(() -> RequestDeadlines.parse(new java.math.BigInteger("99999999999999999999999"), null, NOW))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.field()).isEqualTo("start_by"));
    }

    @Test
    void parse_nonPositiveSeconds_rejected() {
        for (Object value : new Object[] {0, -30}) {
            assertThatThrownBy(() -> RequestDeadlines.parse(value, null, NOW))
                    .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                        assertThat(e.code()).isEqualTo("invalid_deadline");
                        assertThat(e.limit()).startsWith("a time after now");
                    });
        }
    }

    @Test
    void parse_instantWithoutOffset_isRejected() {
        assertThatThrownBy(() -> RequestDeadlines.parse("2026-12-05T10:00:00", null, NOW))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                    assertThat(e.value()).isEqualTo("2026-12-05T10:00:00");
                    assertThat(e.limit()).contains("ISO-8601");
                });
    }

    @Test
    void parse_equalDeadlines_accepted() {
        TaskDeadlines deadlines = RequestDeadlines.parse(60, 60, NOW);

        assertThat(deadlines.startByMillis()).isEqualTo(deadlines.cancelAfterMillis());
    }
}
