package dev.easel.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;

/**
 * The body of {@code PUT /v1/admin/tiers/{tier}/limits}; every field is optional and a missing
 * one means no limit, except {@code degrade}: left out, the tier's degrade rules stay as they are.
 * {@link TierSettingChecks#checkLimits} states the accepted ranges.
 *
 * <p>Integer fields are read as decimals, so that {@code 1.5} or {@code 1e300} is rejected by
 * name instead of being truncated or overflowing. The same record is stored in
 * {@code tier_settings} and shown by {@code GET /v1/admin/tiers}.
 *
 * @param rateRequests      requests per period of the per-user token bucket
 * @param ratePeriodSeconds the bucket's refill period in seconds; 60 when left out
 * @param rateBurst         the bucket's capacity; {@code rate_requests} when left out
 * @param costBudgetPerHour accelerator-seconds per user and hour
 * @param maxQueuedPerUser  waiting tasks per user
 * @param maxRunningPerUser running tasks per user (synchronous requests)
 * @param maxQueued         waiting tasks in the tier
 * @param degrade           degrade rules; an empty list removes them
 */
record TierLimitsRequest(
        @JsonProperty("rate_requests") BigDecimal rateRequests,
        @JsonProperty("rate_period_seconds") BigDecimal ratePeriodSeconds,
        @JsonProperty("rate_burst") BigDecimal rateBurst,
        @JsonProperty("cost_budget_per_hour") Double costBudgetPerHour,
        @JsonProperty("max_queued_per_user") BigDecimal maxQueuedPerUser,
        @JsonProperty("max_running_per_user") BigDecimal maxRunningPerUser,
        @JsonProperty("max_queued") BigDecimal maxQueued,
        @JsonProperty("degrade") List<DegradeRuleRequest> degrade) {

    /**
     * One degrade rule as the admin API reads and shows it.
     *
     * @param whenWaitOverSeconds the projected wait in seconds above which the rule applies
     * @param action              {@code cap} or {@code reject}
     * @param maxSteps            with {@code cap}: the most sampling steps a task keeps, or {@code null}
     * @param maxPixels           with {@code cap}: the most pixels an image keeps, or {@code null}
     */
    record DegradeRuleRequest(
            @JsonProperty("when_wait_over_seconds") BigDecimal whenWaitOverSeconds,
            @JsonProperty("action") String action,
            @JsonProperty("max_steps") BigDecimal maxSteps,
            @JsonProperty("max_pixels") BigDecimal maxPixels) {
    }
}
