package dev.easel.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PUT /v1/admin/tiers/{tier}/limits}; every field is optional and a missing
 * one means no limit. The tier's degrade rules stay as configured.
 *
 * @param rateRequests      requests per period of the per-user token bucket
 * @param ratePeriodSeconds the bucket's refill period in seconds; 60 when left out
 * @param rateBurst         the bucket's capacity; {@code rate_requests} when left out
 * @param costBudgetPerHour accelerator-seconds per user and hour
 * @param maxQueuedPerUser  waiting tasks per user
 * @param maxRunningPerUser running tasks per user (synchronous requests)
 * @param maxQueued         waiting tasks in the tier
 */
record TierLimitsRequest(
        @JsonProperty("rate_requests") Long rateRequests,
        @JsonProperty("rate_period_seconds") Long ratePeriodSeconds,
        @JsonProperty("rate_burst") Long rateBurst,
        @JsonProperty("cost_budget_per_hour") Double costBudgetPerHour,
        @JsonProperty("max_queued_per_user") Integer maxQueuedPerUser,
        @JsonProperty("max_running_per_user") Integer maxRunningPerUser,
        @JsonProperty("max_queued") Integer maxQueued) {
}
