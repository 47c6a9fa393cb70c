package dev.easel.server.admin;

import dev.easel.server.task.RequestRejectedException;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the bodies of the tier admin API before anything is stored. Each rejection is a 422
 * {@code invalid_tier_setting} that names the first invalid field, its value and the accepted
 * range. Stateless.
 *
 * <p>Settings read back from {@code tier_settings} at start skip these checks: they were valid
 * when stored, and a range narrowed later must not drop an admin's earlier change.
 */
final class TierSettingChecks {

    /** Maximum {@code for_seconds} of a pause, 30 days; a longer pause is one without {@code for_seconds}. */
    static final long MAX_PAUSE_SECONDS = 30L * 24 * 3600;

    /** Maximum {@code max_wait_seconds} and degrade threshold, 30 days in seconds. */
    static final long MAX_WAIT_SECONDS = 30L * 24 * 3600;

    /** Maximum {@code rate_period_seconds}, 30 days in seconds. */
    static final long MAX_RATE_PERIOD_SECONDS = 30L * 24 * 3600;

    /** Maximum {@code rate_requests} and {@code rate_burst}. */
    static final long MAX_RATE_REQUESTS = 1_000_000_000L;

    /** Minimum and maximum tier weight; only the ratio between two tiers' weights matters. */
    static final double MIN_WEIGHT = 0.01;
    static final double MAX_WEIGHT = 10_000;

    /** Minimum {@code max_pixels} of a degrade cap: 64 × 64. */
    static final int MIN_PIXELS = 64 * 64;

    private static final int DAY_SECONDS = 24 * 3600;

    private TierSettingChecks() {
    }

    /**
     * Checks the body of {@code POST .../pause} and returns the pause length in seconds.
     *
     * @return the pause length, or {@code null} for a pause without an end
     */
    static Long checkPause(PauseRequest request) {
        BigDecimal seconds = request == null ? null : request.forSeconds();
        if (seconds == null) {
            return null;
        }
        if (!isIntegerBetween(seconds, 1, MAX_PAUSE_SECONDS)) {
            String max = String.valueOf(MAX_PAUSE_SECONDS);
            String days = String.valueOf(MAX_PAUSE_SECONDS / DAY_SECONDS);
            throw InvalidTierSettingException.of("for_seconds", seconds, "limit.pause_seconds",
                    "an integer from 1 to " + max + " seconds (" + days + " days); leave for_seconds out to pause until resumed",
                    max, days);
        }
        return seconds.longValueExact();
    }

    /** Checks the body of {@code PUT .../scheduler}. */
    static void checkScheduler(TierSchedulerRequest request) {
        Double weight = request.weight();
        if (weight != null && !(weight >= MIN_WEIGHT && weight <= MAX_WEIGHT)) {
            throw InvalidTierSettingException.of("weight", weight, "limit.number_range",
                    "a number from " + MIN_WEIGHT + " to " + plain(MAX_WEIGHT), String.valueOf(MIN_WEIGHT), plain(MAX_WEIGHT));
        }
        integer("max_queued", request.maxQueued(), 1, Integer.MAX_VALUE);
        integer("max_queued_per_user", request.maxQueuedPerUser(), 0, Integer.MAX_VALUE);
        integer("max_wait_seconds", request.maxWaitSeconds(), 1, MAX_WAIT_SECONDS);
    }

    /**
     * Checks the body of {@code PUT .../limits}. A {@code max_queued_per_user} of 0 is rejected:
     * in {@code PUT .../scheduler} 0 means no limit, but here it would reject every task of every
     * user with a response that asks them to retry later. A field left out already means no limit.
     */
    static void checkLimits(TierLimitsRequest request) {
        if (request.rateRequests() == null) {
            onlyWithRateRequests("rate_period_seconds", request.ratePeriodSeconds());
            onlyWithRateRequests("rate_burst", request.rateBurst());
        }
        limitOrAbsent("rate_requests", request.rateRequests(), MAX_RATE_REQUESTS);
        limitOrAbsent("rate_period_seconds", request.ratePeriodSeconds(), MAX_RATE_PERIOD_SECONDS);
        limitOrAbsent("rate_burst", request.rateBurst(), MAX_RATE_REQUESTS);
        Double budget = request.costBudgetPerHour();
        if (budget != null && !(budget > 0 && Double.isFinite(budget))) {
            throw InvalidTierSettingException.of("cost_budget_per_hour", budget, "limit.above_zero", "a number above 0");
        }
        limitOrAbsent("max_queued_per_user", request.maxQueuedPerUser(), Integer.MAX_VALUE);
        integer("max_running_per_user", request.maxRunningPerUser(), 0, Integer.MAX_VALUE);
        integer("max_queued", request.maxQueued(), 0, Integer.MAX_VALUE);
        if (request.degrade() != null) {
            checkDegrade(request.degrade());
        }
    }

    private static void checkDegrade(List<TierLimitsRequest.DegradeRuleRequest> rules) {
        Map<BigDecimal, Integer> indexOfThreshold = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            String prefix = "degrade[" + i + "].";
            TierLimitsRequest.DegradeRuleRequest rule = rules.get(i);
            if (rule == null) {
                throw InvalidTierSettingException.of("degrade[" + i + "]", null, "limit.degrade_action", "cap or reject");
            }
            checkRule(prefix, rule);

            Integer earlier = indexOfThreshold.putIfAbsent(rule.whenWaitOverSeconds().stripTrailingZeros(), i);
            if (earlier != null) {
                throw InvalidTierSettingException.of(prefix + "when_wait_over_seconds", rule.whenWaitOverSeconds(),
                        "limit.degrade_unique_threshold", "a threshold that no other rule has (degrade[" + earlier + "] has it too)",
                        String.valueOf(earlier));
            }
        }
    }

    private static void checkRule(String prefix, TierLimitsRequest.DegradeRuleRequest rule) {
        String threshold = prefix + "when_wait_over_seconds";
        if (rule.whenWaitOverSeconds() == null) {
            throw InvalidTierSettingException.of(threshold, null, "limit.integer_range", "an integer from 0 to " + MAX_WAIT_SECONDS,
                    "0", String.valueOf(MAX_WAIT_SECONDS));
        }
        integer(threshold, rule.whenWaitOverSeconds(), 0, MAX_WAIT_SECONDS);
        String action = String.valueOf(rule.action()).toLowerCase(Locale.ROOT);
        if (!action.equals("cap") && !action.equals("reject")) {
            throw InvalidTierSettingException.of(prefix + "action", rule.action(), "limit.degrade_action", "cap or reject");
        }
        integer(prefix + "max_steps", rule.maxSteps(), 1, Integer.MAX_VALUE);
        integer(prefix + "max_pixels", rule.maxPixels(), MIN_PIXELS, Integer.MAX_VALUE);
        if (action.equals("cap") && rule.maxSteps() == null && rule.maxPixels() == null) {
            throw InvalidTierSettingException.of(prefix + "action", rule.action(), "limit.degrade_cap",
                    "a cap rule with max_steps or max_pixels");
        }
    }

    private static void onlyWithRateRequests(String field, BigDecimal value) {
        if (value != null) {
            throw InvalidTierSettingException.of(field, value, "limit.rate_needs_requests",
                    "a rate_requests field beside it, because without one the tier has no rate limit");
        }
    }

    /** Checks a limit of {@code PUT .../limits} that must be at least 1; a missing field means no limit. */
    private static void limitOrAbsent(String field, BigDecimal value, long max) {
        if (value != null && !isIntegerBetween(value, 1, max)) {
            throw InvalidTierSettingException.of(field, value, "limit.integer_range_or_absent",
                    "an integer from 1 to " + max + ", or no field for no limit", "1", String.valueOf(max));
        }
    }

    private static void integer(String field, BigDecimal value, long min, long max) {
        if (value != null && !isIntegerBetween(value, min, max)) {
            throw InvalidTierSettingException.of(field, value, "limit.integer_range", "an integer from " + min + " to " + max,
                    String.valueOf(min), String.valueOf(max));
        }
    }

    /** Returns whether a number is whole (2.0 counts, 2.5 does not) and within the bounds, inclusive. */
    static boolean isIntegerBetween(BigDecimal value, long min, long max) {
        boolean whole = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        return whole && value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
