package dev.easel.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * One alias switch, as recorded in the audit list.
 *
 * @param modelId     model id
 * @param alias       alias name, for example {@code stable}
 * @param fromVersion the version the alias pointed at before
 * @param toVersion   the version it points at after
 * @param actor       who asked for the switch, as the caller authenticated them
 * @param at          when the switch took effect
 * @param reason      free text from the caller, or empty
 * @param rollback    whether this switch undid the previous one
 */
public record AliasChange(
        String modelId,
        String alias,
        String fromVersion,
        String toVersion,
        String actor,
        Instant at,
        String reason,
        boolean rollback) {

    public AliasChange {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(fromVersion, "fromVersion");
        Objects.requireNonNull(toVersion, "toVersion");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
    }
}
