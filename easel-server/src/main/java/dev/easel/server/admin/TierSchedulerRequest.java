package dev.easel.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PUT /v1/admin/tiers/{tier}/scheduler}: the tier's scheduler settings. Every
 * field is optional, and a missing one keeps the value in force.
 *
 * @param weight           share of accelerator time relative to the other weighted tiers; above 0
 * @param maxQueued        waiting jobs the scheduler holds for the tier; at least 1
 * @param maxQueuedPerUser waiting jobs one user may hold in the tier; 0 for no limit
 * @param maxWaitSeconds   the tier's maximum wait in seconds; at least 1
 */
record TierSchedulerRequest(
        @JsonProperty("weight") Double weight,
        @JsonProperty("max_queued") Integer maxQueued,
        @JsonProperty("max_queued_per_user") Integer maxQueuedPerUser,
        @JsonProperty("max_wait_seconds") Long maxWaitSeconds) {
}
