package dev.easel.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/**
 * The optional body of {@code POST /v1/admin/tiers/{tier}/pause}.
 *
 * @param forSeconds how long the pause lasts, in whole seconds, from 1 to
 *                   {@link TierSettingChecks#MAX_PAUSE_SECONDS}; left out, the tier stays paused
 *                   until it is resumed. Read as a decimal so that a fraction or a huge number is
 *                   rejected by name instead of being truncated or overflowing.
 */
record PauseRequest(@JsonProperty("for_seconds") BigDecimal forSeconds) {
}
