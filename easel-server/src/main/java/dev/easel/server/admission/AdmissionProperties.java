package dev.easel.server.admission;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Admission limits under {@code easel.admission} in {@code application.yaml}, one entry per tier:
 *
 * <pre>
 * easel:
 *   admission:
 *     tiers:
 *       low:
 *         rate: { requests: 30, period: 1m, burst: 10 }
 *         cost-budget-per-hour: 600      # accelerator-seconds per user
 *         max-queued-per-user: 10
 *         max-queued: 5000
 *         degrade:
 *           - { when-wait-over: 2m, action: cap, max-steps: 20, max-pixels: 262144 }
 *           - { when-wait-over: 10m, action: reject }
 * </pre>
 *
 * A tier without an entry has no admission limits.
 *
 * @param tiers limits per tier name
 */
@ConfigurationProperties("easel.admission")
public record AdmissionProperties(Map<String, TierLimits> tiers) {

    public AdmissionProperties {
        tiers = tiers == null ? Map.of() : Map.copyOf(tiers);
    }
}
