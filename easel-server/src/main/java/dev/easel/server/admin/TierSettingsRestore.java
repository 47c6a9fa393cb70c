package dev.easel.server.admin;

import dev.easel.core.schedule.TierConfig;
import dev.easel.server.admission.AdmissionPolicy;
import dev.easel.server.admission.TierPauses;
import dev.easel.server.dispatch.DispatchLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

/**
 * Applies the tier settings stored by the admin API again at start: scheduler settings, admission
 * limits and pauses. A row of a tier that is no longer configured is skipped with a warning.
 */
final class TierSettingsRestore {

    private static final Logger log = LoggerFactory.getLogger(TierSettingsRestore.class);

    private TierSettingsRestore() {
    }

    /**
     * Applies every stored row. The scheduler settings are queued as a command on the dispatch loop,
     * which runs it in its first turn, before any submitted job enters the scheduler.
     *
     * @return the number of tiers whose settings were applied
     */
    static int restore(JdbcTierSettings settings, DispatchLoop loop, AdmissionPolicy policy, TierPauses pauses, JsonMapper json) {
        int applied = 0;
        for (JdbcTierSettings.Row row : settings.all()) {
            TierConfig current = loop.tierConfig(row.tier());
            if (current == null) {
                log.atWarn().addKeyValue("tier", row.tier()).log("stored tier settings name a tier that is not configured; skipped");
                continue;
            }
            try {
                apply(row, current, loop, policy, pauses, json);
            } catch (RuntimeException e) {
                log.atError().addKeyValue("tier", row.tier()).setCause(e)
                        .log("stored tier settings could not be applied; the configured settings stay in force for this tier");
                continue;
            }
            applied++;
            log.atInfo().addKeyValue("tier", row.tier()).log("tier settings from the admin API applied again");
        }
        return applied;
    }

    private static void apply(JdbcTierSettings.Row row, TierConfig current, DispatchLoop loop, AdmissionPolicy policy,
                              TierPauses pauses, JsonMapper json) {
        if (row.weight() != null) {
            loop.updateTier(new TierConfig(current.name(), row.weight(), current.strictPriority(),
                    row.maxQueued() == null ? current.maxQueued() : row.maxQueued(),
                    row.maxWaitMillis() == null ? current.maxWaitMillis() : row.maxWaitMillis(),
                    current.pools(), current.paused(),
                    row.maxQueuedPerUser() == null ? current.maxQueuedPerUser() : row.maxQueuedPerUser()));
        }
        if (row.admissionJson() != null) {
            TierLimitsRequest stored = json.readValue(row.admissionJson(), TierLimitsRequest.class);
            policy.updateLimits(row.tier(), TierSettingsMapping.toLimits(stored, policy.limits(row.tier())));
        }
        if (row.paused() && (row.pausedUntil() == null || row.pausedUntil() > System.currentTimeMillis())) {
            pauses.pause(row.tier(), row.pausedUntil() == null ? null : Instant.ofEpochMilli(row.pausedUntil()));
        }
    }
}
