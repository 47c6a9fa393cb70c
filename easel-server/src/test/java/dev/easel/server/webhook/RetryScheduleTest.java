package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant START = Instant.parse("2026-12-04T00:00:00Z");
    private final RetrySchedule schedule = RetrySchedule.DEFAULT;

    /** Always draws the top of the range, so the wait equals the ceiling. */
    private static final RandomGenerator MAX = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    private static DeliveryAttempt failed(int number, AttemptOutcome outcome, Integer status, Long retryAfter) {
        return new DeliveryAttempt("msg_1", number, START, Duration.ofMillis(10), outcome, status, "failed", retryAfter);
    }

    @Test
    void ceiling_doublesFromInitialUpToMax() {
        assertThat(schedule.ceilingMillis(1)).isEqualTo(5_000);
        assertThat(schedule.ceilingMillis(2)).isEqualTo(10_000);
        assertThat(schedule.ceilingMillis(5)).isEqualTo(80_000);
        assertThat(schedule.ceilingMillis(11)).isEqualTo(3_600_000);
        assertThat(schedule.ceilingMillis(500)).isEqualTo(3_600_000);
    }

    @Test
    void nextAttempt_fullJitter_withinZeroAndCeiling() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2_000; i++) {
            Instant next = schedule.nextAttemptAt(failed(3, AttemptOutcome.HTTP_ERROR, 500, null), START, START, random).orElseThrow();
            long wait = Duration.between(START, next).toMillis();
            min = Math.min(min, wait);
            max = Math.max(max, wait);
        }

        assertThat(min).isBetween(0L, 1_000L);
        assertThat(max).isBetween(19_000L, 20_000L);
    }

    @Test
    void nextAttempt_pastBudget_givesUp() {
        Instant late = START.plus(Duration.ofHours(24)).minusSeconds(1);

        Optional<Instant> next = schedule.nextAttemptAt(failed(40, AttemptOutcome.TIMEOUT, null, null), START, late, MAX);

        assertThat(next).isEmpty();
    }

    @Test
    void nextAttempt_justInsideBudget_scheduled() {
        Instant now = START.plus(Duration.ofHours(22));

        assertThat(schedule.nextAttemptAt(failed(40, AttemptOutcome.TIMEOUT, null, null), START, now, MAX))
                .contains(now.plus(Duration.ofHours(1)));
    }

    @Test
    void nextAttempt_maxAttemptsReached_givesUp() {
        RetrySchedule three = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(1), 3);

        assertThat(three.nextAttemptAt(failed(2, AttemptOutcome.HTTP_ERROR, 500, null), START, START, MAX)).isPresent();
        assertThat(three.nextAttemptAt(failed(3, AttemptOutcome.HTTP_ERROR, 500, null), START, START, MAX)).isEmpty();
    }

    @Test
    void nextAttempt_permanentFailure_givesUp() {
        assertThat(schedule.nextAttemptAt(failed(1, AttemptOutcome.DESTINATION_BLOCKED, null, null), START, START, MAX)).isEmpty();
        assertThat(schedule.nextAttemptAt(failed(1, AttemptOutcome.HTTP_ERROR, 410, null), START, START, MAX)).isEmpty();
        assertThat(schedule.nextAttemptAt(failed(1, AttemptOutcome.REDIRECT, 301, null), START, START, MAX)).isPresent();
    }

    @Test
    void nextAttempt_retryAfter_raisesWaitCappedAtMaxDelay() {
        Instant withHint = schedule.nextAttemptAt(failed(1, AttemptOutcome.HTTP_ERROR, 429, 120L), START, START, MAX).orElseThrow();
        Instant withHugeHint = schedule.nextAttemptAt(failed(1, AttemptOutcome.HTTP_ERROR, 503, 999_999L), START, START, MAX).orElseThrow();

        assertThat(withHint).isEqualTo(START.plusSeconds(120));
        assertThat(withHugeHint).isEqualTo(START.plus(Duration.ofHours(1)));
    }

    @Test
    void constructor_invalidSettings_rejected() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(1), 1))
                .hasMessageContaining("initial delay must be positive");
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1), 1))
                .hasMessageContaining("max delay PT1S must not be below initial delay PT10S");
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1), 0))
                .hasMessageContaining("max attempts must be at least 1");
    }
}
