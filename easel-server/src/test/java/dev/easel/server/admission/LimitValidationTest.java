package dev.easel.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitValidationTest {

    @Test
    void rateLimit_invalid_messageNamesSettingAndValue() {
        assertThatThrownBy(() -> RateLimit.of(0, Duration.ofMinutes(1))).hasMessage("rate limit requests must be at least 1, was 0");
        assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO)).hasMessage("rate limit period must be positive, was PT0S");
        assertThatThrownBy(() -> new RateLimit(1, Duration.ofMinutes(1), 0L)).hasMessage("rate limit burst must be at least 1, was 0");
    }

    @Test
    void degradeRule_capWithoutLimits_rejected() {
        assertThatThrownBy(() -> new DegradeRule(Duration.ofMinutes(2), DegradeAction.CAP, null, null))
                .hasMessageContaining("caps nothing: set max-steps or max-pixels");
        assertThatThrownBy(() -> new DegradeRule(Duration.ofMinutes(2), DegradeAction.CAP, null, 100))
                .hasMessageContaining("at least 4096 (64 x 64), was 100");
    }

    @Test
    void tierLimits_negative_rejected() {
        assertThatThrownBy(() -> new TierLimits(null, -1.0, null, null, null, null))
                .hasMessage("cost budget per hour must be at least 0, was -1.0");
        assertThatThrownBy(() -> new TierLimits(null, null, -3, null, null, null))
                .hasMessage("max queued per user must be at least 0, was -3");
    }

    @Test
    void userLocks_sameUserSameLock() {
        UserLocks locks = new UserLocks(16);

        assertThat(locks.forUser("alice")).isSameAs(locks.forUser("alice"));
        assertThatThrownBy(() -> new UserLocks(0)).hasMessage("stripes must be at least 1, was 0");
    }
}
