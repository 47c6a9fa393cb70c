package dev.easel.sim.policy;

import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One FIFO queue per tier. A worker takes the oldest runnable job of the first tier, in priority
 * order, among the tiers it may serve.
 */
final class TieredQueues implements QueueDiscipline {

    private final Map<String, FifoQueue> byTier;
    private final Function<WorkerSpec, List<String>> tiersServedBy;

    /**
     * @param tiersServedBy the tiers a worker serves, highest priority first
     */
    TieredQueues(Function<WorkerSpec, List<String>> tiersServedBy) {
        this(new LinkedHashMap<>(), tiersServedBy);
    }

    private TieredQueues(Map<String, FifoQueue> byTier, Function<WorkerSpec, List<String>> tiersServedBy) {
        this.byTier = byTier;
        this.tiersServedBy = tiersServedBy;
    }

    /** Returns tier names by priority: strict-priority tiers first, then by weight, highest first. */
    static List<String> priorityOrder(List<TierConfig> tiers) {
        return tiers.stream()
                .sorted(Comparator.comparing((TierConfig tier) -> !tier.strictPriority())
                        .thenComparing(Comparator.comparingDouble(TierConfig::weight).reversed())
                        .thenComparing(TierConfig::name))
                .map(TierConfig::name)
                .toList();
    }

    @Override
    public void add(Job job) {
        byTier.computeIfAbsent(job.tier(), tier -> new FifoQueue()).add(job);
    }

    @Override
    public boolean remove(Job job) {
        FifoQueue queue = byTier.get(job.tier());
        return queue != null && queue.remove(job);
    }

    @Override
    public Job next(WorkerSpec worker, Predicate<Job> runnable) {
        for (String tier : tiersServedBy.apply(worker)) {
            FifoQueue queue = byTier.get(tier);
            if (queue == null || queue.isEmpty()) {
                continue;
            }
            Job job = queue.next(worker, runnable);
            if (job != null) {
                return job;
            }
        }
        return null;
    }

    @Override
    public TieredQueues copy() {
        Map<String, FifoQueue> copies = new LinkedHashMap<>();
        byTier.forEach((tier, queue) -> copies.put(tier, queue.copy()));
        return new TieredQueues(copies, tiersServedBy);
    }
}
