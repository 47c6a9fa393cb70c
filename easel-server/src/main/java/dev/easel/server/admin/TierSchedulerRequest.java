package dev.easel.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/**
 * The body of {@code PUT /v1/admin/tiers/{tier}/scheduler}: the tier's scheduler settings. Every
 * field is optional, and a missing one keeps the value in force. Integer fields are read as
 * decimals so that a fraction is rejected instead of truncated; {@link TierSettingChecks#checkScheduler}
 * states the accepted ranges.
 *
 * @param weight           share of accelerator time relative to the other weighted tiers
 * @param maxQueued        waiting jobs the scheduler holds for the tier
 * @param maxQueuedPerUser waiting jobs one user may hold in the tier; 0 for no limit
 * @param maxWaitSeconds   the tier's maximum wait in seconds
 */
record TierSchedulerRequest(
        @JsonProperty("weight") Double weight,
        @JsonProperty("max_queued") BigDecimal maxQueued,
        @JsonProperty("max_queued_per_user") BigDecimal maxQueuedPerUser,
        @JsonProperty("max_wait_seconds") BigDecimal maxWaitSeconds) {
}
