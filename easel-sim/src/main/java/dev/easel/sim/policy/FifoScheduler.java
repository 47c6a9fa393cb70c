package dev.easel.sim.policy;

import dev.easel.core.schedule.TierConfig;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One first-in-first-out queue for everyone, whatever the tier or user.
 *
 * <p>It stands for ComfyUI's prompt queue, the Stable Diffusion WebUI and SwarmUI queues, and the
 * single queue of most hosted generation APIs: the oldest request goes to the next free worker,
 * one request at a time, with no batching and no regard for the model the worker has loaded.
 */
final class FifoScheduler extends QueueScheduler {

    private final FifoQueue queue = new FifoQueue();

    FifoScheduler(LongSupplier clock, List<TierConfig> tiers) {
        super(clock, tiers);
    }

    @Override
    QueueDiscipline queue() {
        return queue;
    }
}
