package dev.easel.server.admin;

import dev.easel.core.schedule.TierConfig;
import dev.easel.server.admission.DegradeAction;
import dev.easel.server.admission.DegradeRule;
import dev.easel.server.admission.RateLimit;
import dev.easel.server.admission.TierLimits;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns tier admin requests into admission limits and scheduler settings, and back.
 * {@link TierSettingChecks} checks a request from the API first; settings read back from the
 * store at start come here unchecked. Stateless.
 */
final class TierSettingsMapping {

    private TierSettingsMapping() {
    }

    /**
     * Returns the admission limits of a request.
     *
     * @param current the tier's limits now; their degrade rules stay when the request has none
     */
    static TierLimits toLimits(TierLimitsRequest request, TierLimits current) {
        RateLimit rate = request.rateRequests() == null ? null : new RateLimit(request.rateRequests().longValue(),
                Duration.ofSeconds(request.ratePeriodSeconds() == null ? 60 : request.ratePeriodSeconds().longValue()),
                longOrNull(request.rateBurst()));
        List<DegradeRule> degrade = request.degrade() == null ? current.degrade() : degradeRules(request.degrade());
        return new TierLimits(rate, request.costBudgetPerHour(), intOrNull(request.maxQueuedPerUser()),
                intOrNull(request.maxRunningPerUser()), intOrNull(request.maxQueued()), degrade);
    }

    /** Returns the request that gives these limits, degrade rules included; what the admin API stores and shows. */
    static TierLimitsRequest toRequest(TierLimits limits) {
        RateLimit rate = limits.rate();
        List<TierLimitsRequest.DegradeRuleRequest> degrade = limits.degrade().stream()
                .map(rule -> new TierLimitsRequest.DegradeRuleRequest(BigDecimal.valueOf(rule.whenWaitOver().toSeconds()),
                        rule.action().name().toLowerCase(Locale.ROOT), decimalOrNull(rule.maxSteps()), decimalOrNull(rule.maxPixels())))
                .toList();
        return new TierLimitsRequest(rate == null ? null : BigDecimal.valueOf(rate.requests()),
                rate == null ? null : BigDecimal.valueOf(rate.period().toSeconds()),
                rate == null ? null : decimalOrNull(rate.burst()), limits.costBudgetPerHour(), decimalOrNull(limits.maxQueuedPerUser()),
                decimalOrNull(limits.maxRunningPerUser()), decimalOrNull(limits.maxQueued()), degrade);
    }

    /** Returns the scheduler settings of a request applied to the settings now in force. */
    static TierConfig toConfig(TierSchedulerRequest request, TierConfig current) {
        return new TierConfig(current.name(),
                request.weight() == null ? current.weight() : request.weight(),
                current.strictPriority(),
                request.maxQueued() == null ? current.maxQueued() : request.maxQueued().intValue(),
                request.maxWaitSeconds() == null ? current.maxWaitMillis()
                        : Duration.ofSeconds(request.maxWaitSeconds().longValue()).toMillis(),
                current.pools(),
                current.paused(),
                request.maxQueuedPerUser() == null ? current.maxQueuedPerUser() : request.maxQueuedPerUser().intValue());
    }

    private static List<DegradeRule> degradeRules(List<TierLimitsRequest.DegradeRuleRequest> requests) {
        List<DegradeRule> rules = new ArrayList<>();
        for (TierLimitsRequest.DegradeRuleRequest request : requests) {
            DegradeAction action = "reject".equals(String.valueOf(request.action()).toLowerCase(Locale.ROOT))
                    ? DegradeAction.REJECT : DegradeAction.CAP;
            rules.add(new DegradeRule(Duration.ofSeconds(request.whenWaitOverSeconds().longValue()), action,
                    intOrNull(request.maxSteps()), intOrNull(request.maxPixels())));
        }
        return rules;
    }

    private static Long longOrNull(BigDecimal value) {
        return value == null ? null : value.longValue();
    }

    private static Integer intOrNull(BigDecimal value) {
        return value == null ? null : value.intValue();
    }

    private static BigDecimal decimalOrNull(Number value) {
        return value == null ? null : BigDecimal.valueOf(value.longValue());
    }
}
