package dev.easel.server.admin;

import dev.easel.core.schedule.TierConfig;
import dev.easel.server.admission.DegradeAction;
import dev.easel.server.admission.DegradeRule;
import dev.easel.server.admission.RateLimit;
import dev.easel.server.admission.TierLimits;
import dev.easel.server.task.RequestRejectedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks tier admin requests and turns them into admission limits and scheduler settings, and
 * back. Each check names the request field, the value and the limit. Stateless.
 */
final class TierSettingsMapping {

    private static final int MIN_PIXELS = 64 * 64;

    private TierSettingsMapping() {
    }

    /**
     * Returns the admission limits of a request.
     *
     * @param current the tier's limits now; their degrade rules stay when the request has none
     * @throws RequestRejectedException 422 {@code invalid_tier_setting} naming the first invalid field
     */
    static TierLimits toLimits(TierLimitsRequest request, TierLimits current) {
        atLeast("rate_requests", request.rateRequests(), 1);
        atLeast("rate_period_seconds", request.ratePeriodSeconds(), 1);
        atLeast("rate_burst", request.rateBurst(), 1);
        atLeast("cost_budget_per_hour", request.costBudgetPerHour(), 0);
        atLeast("max_queued_per_user", request.maxQueuedPerUser(), 0);
        atLeast("max_running_per_user", request.maxRunningPerUser(), 0);
        atLeast("max_queued", request.maxQueued(), 0);

        RateLimit rate = request.rateRequests() == null ? null : new RateLimit(request.rateRequests(),
                Duration.ofSeconds(request.ratePeriodSeconds() == null ? 60 : request.ratePeriodSeconds()), request.rateBurst());
        List<DegradeRule> degrade = request.degrade() == null ? current.degrade() : degradeRules(request.degrade());
        return new TierLimits(rate, request.costBudgetPerHour(), request.maxQueuedPerUser(), request.maxRunningPerUser(),
                request.maxQueued(), degrade);
    }

    /** Returns the request that gives these limits, degrade rules included; what the admin API stores and shows. */
    static TierLimitsRequest toRequest(TierLimits limits) {
        RateLimit rate = limits.rate();
        List<TierLimitsRequest.DegradeRuleRequest> degrade = limits.degrade().stream()
                .map(rule -> new TierLimitsRequest.DegradeRuleRequest(rule.whenWaitOver().toSeconds(),
                        rule.action().name().toLowerCase(Locale.ROOT), rule.maxSteps(), rule.maxPixels()))
                .toList();
        return new TierLimitsRequest(rate == null ? null : rate.requests(), rate == null ? null : rate.period().toSeconds(),
                rate == null ? null : rate.burst(), limits.costBudgetPerHour(), limits.maxQueuedPerUser(), limits.maxRunningPerUser(),
                limits.maxQueued(), degrade);
    }

    /**
     * Returns the scheduler settings of a request applied to the settings now in force.
     *
     * @throws RequestRejectedException 422 {@code invalid_tier_setting} naming the first invalid field
     */
    static TierConfig toConfig(TierSchedulerRequest request, TierConfig current) {
        if (request.weight() != null && !(request.weight() > 0 && Double.isFinite(request.weight()))) {
            throw InvalidTierSettingException.of("weight", request.weight(), "limit.above_zero", "a number above 0");
        }
        atLeast("max_queued", request.maxQueued(), 1);
        atLeast("max_queued_per_user", request.maxQueuedPerUser(), 0);
        atLeast("max_wait_seconds", request.maxWaitSeconds(), 1);
        return new TierConfig(current.name(),
                request.weight() == null ? current.weight() : request.weight(),
                current.strictPriority(),
                request.maxQueued() == null ? current.maxQueued() : request.maxQueued(),
                request.maxWaitSeconds() == null ? current.maxWaitMillis() : Duration.ofSeconds(request.maxWaitSeconds()).toMillis(),
                current.pools(),
                current.paused(),
                request.maxQueuedPerUser() == null ? current.maxQueuedPerUser() : request.maxQueuedPerUser());
    }

    private static List<DegradeRule> degradeRules(List<TierLimitsRequest.DegradeRuleRequest> requests) {
        List<DegradeRule> rules = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            rules.add(degradeRule("degrade[" + i + "].", requests.get(i)));
        }
        return rules;
    }

    private static DegradeRule degradeRule(String prefix, TierLimitsRequest.DegradeRuleRequest request) {
        if (request == null) {
            throw InvalidTierSettingException.of(prefix.substring(0, prefix.length() - 1), null, "limit.degrade_action", "cap or reject");
        }
        if (request.whenWaitOverSeconds() == null) {
            throw InvalidTierSettingException.of(prefix + "when_wait_over_seconds", null, "limit.at_least", "at least 0", 0);
        }
        atLeast(prefix + "when_wait_over_seconds", request.whenWaitOverSeconds(), 0);
        DegradeAction action = switch (String.valueOf(request.action()).toLowerCase(Locale.ROOT)) {
            case "cap" -> DegradeAction.CAP;
            case "reject" -> DegradeAction.REJECT;
            default -> throw InvalidTierSettingException.of(prefix + "action", request.action(), "limit.degrade_action", "cap or reject");
        };
        atLeast(prefix + "max_steps", request.maxSteps(), 1);
        atLeast(prefix + "max_pixels", request.maxPixels(), MIN_PIXELS);
        if (action == DegradeAction.CAP && request.maxSteps() == null && request.maxPixels() == null) {
            throw InvalidTierSettingException.of(prefix + "action", request.action(), "limit.degrade_cap",
                    "a cap rule with max_steps or max_pixels");
        }
        return new DegradeRule(Duration.ofSeconds(request.whenWaitOverSeconds()), action, request.maxSteps(), request.maxPixels());
    }

    private static void atLeast(String field, Number value, long min) {
        if (value != null && value.doubleValue() < min) {
            throw InvalidTierSettingException.of(field, value, "limit.at_least", "at least " + min, min);
        }
    }
}
