package dev.easel.server.task;

import org.junit.jupiter.api.Test;

import java.time.Duration;

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
}
