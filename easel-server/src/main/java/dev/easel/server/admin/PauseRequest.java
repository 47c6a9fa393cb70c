package dev.easel.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The optional body of {@code POST /v1/admin/tiers/{tier}/pause}.
 *
 * @param forSeconds how long the pause lasts, in seconds, at least 1; left out, the tier stays
 *                   paused until it is resumed
 */
record PauseRequest(@JsonProperty("for_seconds") Long forSeconds) {
}
