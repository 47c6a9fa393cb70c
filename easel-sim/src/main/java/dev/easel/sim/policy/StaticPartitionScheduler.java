package dev.easel.sim.policy;

import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Workers divided among tiers in proportion to their weights, each part serving only its tier's
 * FIFO queue: an idle part never lends its workers.
 *
 * <p>It stands for the common setup of a separate queue and a dedicated set of GPUs per customer
 * class. Workers are dealt out in join order by largest remainder over the tier weights. Every
 * tier gets at least one worker while there are as many workers as tiers. One request at a time,
 * no batching, no model affinity.
 */
final class StaticPartitionScheduler extends QueueScheduler {

    private List<TierConfig> tierList;
    private final Map<String, String> tierOfWorker = new HashMap<>();
    private final TieredQueues queue = new TieredQueues(this::tiersServedBy);

    StaticPartitionScheduler(LongSupplier clock, List<TierConfig> tiers) {
        super(clock, tiers);
        this.tierList = List.copyOf(tiers);
    }

    @Override
    public void updateTiers(List<TierConfig> tiers) {
        super.updateTiers(tiers);
        this.tierList = List.copyOf(tiers);
    }

    @Override
    void workersChanged(List<WorkerSpec> joined) {
        tierOfWorker.clear();
        int[] counts = partition(tierList.stream().mapToDouble(TierConfig::weight).toArray(), joined.size());
        int worker = 0;
        for (int tier = 0; tier < counts.length; tier++) {
            for (int i = 0; i < counts[tier]; i++) {
                tierOfWorker.put(joined.get(worker++).id(), tierList.get(tier).name());
            }
        }
    }

    /** Returns the tier a worker serves, or {@code null} before the worker joined. */
    String tierOf(String workerId) {
        return tierOfWorker.get(workerId);
    }

    private List<String> tiersServedBy(WorkerSpec worker) {
        String tier = tierOfWorker.get(worker.id());
        return tier == null ? List.of() : List.of(tier);
    }

    /**
     * Splits {@code workers} in proportion to {@code weights} by largest remainder (ties go to the
     * earlier part), then, while there are at least as many workers as parts, moves one worker
     * from the largest part to every part left with none.
     */
    static int[] partition(double[] weights, int workers) {
        int parts = weights.length;
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        int[] counts = new int[parts];
        double[] remainders = new double[parts];
        int assigned = 0;
        for (int i = 0; i < parts; i++) {
            double quota = weights[i] / total * workers;
            counts[i] = (int) Math.floor(quota);
            remainders[i] = quota - counts[i];
            assigned += counts[i];
        }
        for (int left = workers - assigned; left > 0; left--) {
            int best = indexOfMax(remainders);
            counts[best]++;
            remainders[best] = -1;
        }
        if (workers >= parts) {
            for (int i = 0; i < parts; i++) {
                if (counts[i] == 0) {
                    counts[indexOfMax(counts)]--;
                    counts[i] = 1;
                }
            }
        }
        return counts;
    }

    private static int indexOfMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            // The tolerance keeps rounding (0.7 * 8 - 5 = 0.5999…96) from breaking ties between equal remainders.
            if (values[i] > values[best] + 1e-9) {
                best = i;
            }
        }
        return best;
    }

    private static int indexOfMax(int[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    QueueDiscipline queue() {
        return queue;
    }
}
