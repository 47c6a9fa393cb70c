package dev.easel.server.dispatch;

import dev.easel.core.schedule.Projection;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Computes each tier's {@link TierWait} from one bulk projection of the queue.
 *
 * <p>Jobs that no worker can run, and jobs submitted after the projection was made, are left out.
 * A projected start in the past (the projection is up to a second old) counts as zero. Stateless.
 */
final class TierWaits {

    private TierWaits() {
    }

    /**
     * Returns the wait of every tier with at least one projected job; tiers without one are absent.
     *
     * @param queued      the jobs in the scheduler's queue
     * @param projections the scheduler's projections keyed by job id
     * @param nowMillis   the time to measure from, milliseconds since the epoch
     */
    static Map<String, TierWait> compute(Collection<JobTicket> queued, Map<String, Projection> projections, long nowMillis) {
        Map<String, long[]> startRange = new HashMap<>();
        for (JobTicket ticket : queued) {
            Projection projection = projections.get(ticket.jobId());
            if (projection == null || !projection.isSchedulable()) {
                continue;
            }
            long startIn = Math.max(0, projection.startAtMillis() - nowMillis);
            long[] range = startRange.computeIfAbsent(ticket.job().tier(), t -> new long[] {Long.MAX_VALUE, 0});
            range[0] = Math.min(range[0], startIn);
            range[1] = Math.max(range[1], startIn);
        }

        Map<String, TierWait> waits = new HashMap<>();
        startRange.forEach((tier, range) ->
                waits.put(tier, new TierWait(Duration.ofMillis(range[1]), Duration.ofMillis(range[0]), nowMillis)));
        return Map.copyOf(waits);
    }
}
