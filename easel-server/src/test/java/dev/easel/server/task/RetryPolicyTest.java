package dev.easel.server.task;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void backoffAfter_doublesPerAttempt() {
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void backoffAfter_isCappedAtMax() {
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffAfter(60)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void maxAttemptsBelowOne_isRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("easel.retry.max-attempts");
    }

    private static final long NOW = 1_000_000_000L;

    private final RetryPolicy unavailable = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10));
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void retryUnavailableAt_firstRun_waitsHalfToFullInitial() {
        for (int i = 0; i < 200; i++) {
            long due = unavailable.retryUnavailableAt(NOW, NOW, Optional.empty(), random).orElseThrow();
            assertThat(due - NOW).isBetween(500L, 1_000L);
        }
    }

    @Test
    void retryUnavailableAt_waitFollowsElapsedOutage() {
        long since = NOW - 8_000;
        for (int i = 0; i < 200; i++) {
            long due = unavailable.retryUnavailableAt(since, NOW, Optional.empty(), random).orElseThrow();
            assertThat(due - NOW).isBetween(4_000L, 8_000L);
        }
    }

    @Test
    void retryUnavailableAt_waitIsCappedAtMax() {
        long since = NOW - 300_000;
        for (int i = 0; i < 200; i++) {
            long due = unavailable.retryUnavailableAt(since, NOW, Optional.empty(), random).orElseThrow();
            assertThat(due - NOW).isBetween(30_000L, 60_000L);
        }
    }

    @Test
    void retryUnavailableAt_jitterSpreadsWaits() {
        long first = unavailable.retryUnavailableAt(NOW - 8_000, NOW, Optional.empty(), random).orElseThrow();
        boolean differs = false;
        for (int i = 0; i < 20 && !differs; i++) {
            differs = unavailable.retryUnavailableAt(NOW - 8_000, NOW, Optional.empty(), random).orElseThrow() != first;
        }
        assertThat(differs).as("20 draws all equal to the first").isTrue();
    }

    @Test
    void retryUnavailableAt_retryAfterHint_raisesWait() {
        long due = unavailable.retryUnavailableAt(NOW, NOW, Optional.of(Duration.ofSeconds(90)), random).orElseThrow();

        assertThat(due - NOW).isEqualTo(90_000L);
    }

    @Test
    void retryUnavailableAt_shortHint_keepsBackoff() {
        long due = unavailable.retryUnavailableAt(NOW - 8_000, NOW, Optional.of(Duration.ofMillis(10)), random).orElseThrow();

        assertThat(due - NOW).isBetween(4_000L, 8_000L);
    }

    @Test
    void retryUnavailableAt_neverPlansPastTheLimit() {
        long since = NOW - Duration.ofMinutes(10).toMillis() + 2_000;

        long withBackoff = unavailable.retryUnavailableAt(since, NOW, Optional.empty(), random).orElseThrow();
        long withHint = unavailable.retryUnavailableAt(NOW - 1_000, NOW, Optional.of(Duration.ofHours(1)), random).orElseThrow();

        assertThat(withBackoff).isEqualTo(NOW + 2_000);
        assertThat(withHint).isEqualTo(NOW - 1_000 + Duration.ofMinutes(10).toMillis());
    }

    @Test
    void retryUnavailableAt_limitReached_isEmpty() {
        long since = NOW - Duration.ofMinutes(10).toMillis();

        assertThat(unavailable.retryUnavailableAt(since, NOW, Optional.empty(), random)).isEqualTo(OptionalLong.empty());
        assertThat(unavailable.retryUnavailableAt(since - 1, NOW, Optional.empty(), random)).isEmpty();
    }

    @Test
    void unavailableForNegative_isRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("easel.retry.unavailable-for").hasMessageContaining("PT-1S");
    }
}
