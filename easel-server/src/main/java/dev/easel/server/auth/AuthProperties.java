package dev.easel.server.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * Settings under {@code easel.auth}.
 *
 * @param adminKey    the admin's API key from the environment ({@code EASEL_ADMIN_KEY}); when
 *                    blank and no admin exists yet, the first start creates a key and logs it
 *                    once
 * @param plans       the scheduler tier of each user plan, for example {@code free: low}
 * @param defaultPlan the plan of a user created without one
 */
@ConfigurationProperties("easel.auth")
public record AuthProperties(String adminKey, Map<String, String> plans, String defaultPlan) {

    public AuthProperties {
        adminKey = adminKey == null ? "" : adminKey.trim();
        plans = plans == null || plans.isEmpty() ? Map.of("free", "low", "pro", "normal", "enterprise", "high") : Map.copyOf(plans);
        defaultPlan = defaultPlan == null || defaultPlan.isBlank() ? "free" : defaultPlan;
        if (!plans.containsKey(defaultPlan)) {
            throw new IllegalArgumentException("easel.auth.default-plan " + defaultPlan + " is not one of easel.auth.plans " + plans.keySet());
        }
    }

    /** Returns the scheduler tier of a plan; the plan's own name when it is not mapped. */
    public String tierOf(String plan) {
        return plans.getOrDefault(plan, plan);
    }
}
