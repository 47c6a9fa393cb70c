package dev.easel.sim.policy;

import dev.easel.core.schedule.TierConfig;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Strict priority between tiers, FIFO inside each: a lower tier runs only when every higher tier's
 * queue is empty.
 *
 * <p>It stands for RabbitMQ priority queues as Celery uses them and for Triton's priority levels.
 * Weights only set the order (strict-priority tiers first, then by weight); one request at a time,
 * no batching, no model affinity, no aging, so low tiers can starve.
 */
final class StrictPriorityScheduler extends QueueScheduler {

    private List<String> order;
    private final TieredQueues queue = new TieredQueues(worker -> order);

    StrictPriorityScheduler(LongSupplier clock, List<TierConfig> tiers) {
        super(clock, tiers);
        this.order = TieredQueues.priorityOrder(tiers);
    }

    @Override
    public void updateTiers(List<TierConfig> tiers) {
        super.updateTiers(tiers);
        this.order = TieredQueues.priorityOrder(tiers);
    }

    @Override
    QueueDiscipline queue() {
        return queue;
    }
}
