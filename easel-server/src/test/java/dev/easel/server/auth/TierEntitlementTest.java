package dev.easel.server.auth;

import dev.easel.server.task.RequestRejectedException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TierEntitlementTest {

    private final TierEntitlement entitlement = new TierEntitlement(
            new AuthProperties(null, null, null), List.of("realtime", "high", "normal", "low"));

    @Test
    void noTierRequested_usesPlanTier() {
        assertThat(entitlement.resolve(user("free", false), null, false)).isEqualTo("low");
        assertThat(entitlement.resolve(user("pro", false), null, false)).isEqualTo("normal");
        assertThat(entitlement.resolve(user("enterprise", false), null, false)).isEqualTo("high");
    }

    @Test
    void lowerTier_isAllowed() {
        assertThat(entitlement.resolve(user("enterprise", false), "low", false)).isEqualTo("low");
        assertThat(entitlement.resolve(user("pro", false), "normal", false)).isEqualTo("normal");
    }

    @Test
    void tierAbovePlan_rejectedWith403() {
        assertThatThrownBy(() -> entitlement.resolve(user("free", false), "high", false))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("tier_not_allowed");
                    assertThat(e.value()).isEqualTo("high");
                    assertThat(e.limit()).isEqualTo("low");
                });
    }

    @Test
    void realtimeTier_onlyThroughLane() {
        assertThatThrownBy(() -> entitlement.resolve(user("enterprise", false), "realtime", false))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.limit()).isEqualTo("high, normal, low"));
        assertThat(entitlement.resolve(user("free", false), "realtime", true)).isEqualTo("realtime");
    }

    @Test
    void admin_mayNameAnyTier() {
        assertThat(entitlement.resolve(user("free", true), "high", false)).isEqualTo("high");
    }

    @Test
    void unknownTier_rejectedWith422() {
        assertThatThrownBy(() -> entitlement.resolve(user("pro", false), "gold", false))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("unknown_tier");
                });
    }

    private static User user(String plan, boolean admin) {
        return new User("usr_1", "someone", plan, "default", admin, false, 0L);
    }
}
