package dev.easel.core.schedule;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether any active worker could ever run a tier's jobs with a batch key, and if not, why.
 * Results are cached until {@link #invalidate()}, which the scheduler calls whenever workers or tiers
 * change.
 */
final class Schedulability {

    private static final String RUNNABLE = "";

    private final Map<TierKey, String> reasons = new HashMap<>();

    void invalidate() {
        reasons.clear();
    }

    /** Returns null when some active worker could run the job, otherwise the reason none can. */
    String unschedulableReason(TierConfig tier, BatchKey key, Collection<WorkerView> workers) {
        String reason = reasons.computeIfAbsent(new TierKey(tier.name(), key), k -> compute(tier, key, workers));
        return reason.isEmpty() ? null : reason;
    }

    private static String compute(TierConfig tier, BatchKey key, Collection<WorkerView> workers) {
        boolean anyInPools = false;
        boolean anyWithModel = false;
        for (WorkerView worker : workers) {
            if (worker.draining || !tier.allowsPool(worker.spec.pool())) {
                continue;
            }
            anyInPools = true;
            if (worker.spec.models().contains(key.model())) {
                anyWithModel = true;
                if (worker.spec.canRun(key)) {
                    return RUNNABLE;
                }
            }
        }
        String pools = tier.pools().isEmpty() ? "any pool" : "pools " + tier.pools();
        if (!anyInPools) {
            return "no active worker in " + pools + " of tier " + tier.name();
        }
        if (!anyWithModel) {
            return "no active worker in " + pools + " of tier " + tier.name() + " serves model " + key.model();
        }
        return "no active worker serving model " + key.model() + " accepts " + key.width() + "x" + key.height()
                + " pixels";
    }

    private record TierKey(String tier, BatchKey key) {
    }
}
