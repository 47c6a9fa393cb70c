package dev.easel.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.BatchKey;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.Projection;
import dev.easel.core.schedule.QueueFullException;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class BaselinePoliciesTest {

    private static final List<TierConfig> TIERS = List.of(
            new TierConfig("high", 70, false, 3, 120_000, List.of(), false),
            new TierConfig("normal", 20, false, 100, 600_000, List.of(), false),
            new TierConfig("low", 10, false, 100, 1_800_000, List.of(), false));

    private final long[] now = {0};
    private final LongSupplier clock = () -> now[0];

    @Test
    void fifo_servesInSubmitOrder() {
        Scheduler fifo = withWorkers(new FifoScheduler(clock, TIERS), 1);
        fifo.submit(job("a", "u1", "low"));
        fifo.submit(job("b", "u2", "high"));

        assertThat(startOrder(fifo, 2)).containsExactly("a", "b");
    }

    @Test
    void strictPriority_servesHigherTierFirst() {
        Scheduler priority = withWorkers(new StrictPriorityScheduler(clock, TIERS), 1);
        priority.submit(job("a", "u1", "low"));
        priority.submit(job("b", "u2", "normal"));
        priority.submit(job("c", "u3", "high"));

        assertThat(startOrder(priority, 3)).containsExactly("c", "b", "a");
    }

    @Test
    void roundRobin_alternatesUsers() {
        Scheduler roundRobin = withWorkers(new UserRoundRobinScheduler(clock, TIERS), 1);
        roundRobin.submit(job("a1", "alice", "high"));
        roundRobin.submit(job("a2", "alice", "high"));
        roundRobin.submit(job("a3", "alice", "high"));
        roundRobin.submit(job("b1", "bob", "low"));

        assertThat(startOrder(roundRobin, 4)).containsExactly("a1", "b1", "a2", "a3");
    }

    @Test
    void partition_splitsByLargestRemainder() {
        assertThat(StaticPartitionScheduler.partition(new double[] {70, 20, 10}, 8)).containsExactly(6, 1, 1);
        assertThat(StaticPartitionScheduler.partition(new double[] {70, 20, 10}, 10)).containsExactly(7, 2, 1);
        assertThat(StaticPartitionScheduler.partition(new double[] {70, 20, 10}, 2)).containsExactly(2, 0, 0);
        assertThat(StaticPartitionScheduler.partition(new double[] {1, 1}, 3)).containsExactly(2, 1);
    }

    @Test
    void partition_neverLendsAWorker() {
        StaticPartitionScheduler partition = new StaticPartitionScheduler(clock, TIERS);
        withWorkers(partition, 3);
        partition.submit(job("a", "u1", "low"));
        partition.submit(job("b", "u1", "low"));

        List<Assignment> assignments = partition.decide();

        assertThat(assignments).hasSize(1);
        assertThat(partition.tierOf(assignments.get(0).workerId())).isEqualTo("low");
    }

    @Test
    void projection_runsTheQueueForwardOnFreeSlots() {
        Scheduler fifo = withWorkers(new FifoScheduler(clock, TIERS), 2);
        now[0] = 5_000;
        fifo.submit(job("a", "u1", "low"));
        fifo.submit(job("b", "u2", "low"));
        fifo.submit(job("c", "u3", "low"));

        Projection third = fifo.projection("c").orElseThrow();

        long prior = RunTimeEstimator.PRIOR_MILLIS;
        assertThat(fifo.projection("a").orElseThrow().startAtMillis()).isEqualTo(5_000);
        assertThat(fifo.projection("b").orElseThrow().position()).isEqualTo(1);
        assertThat(third.position()).isEqualTo(2);
        assertThat(third.startAtMillis()).isEqualTo(5_000 + prior);
        assertThat(third.finishAtMillis()).isEqualTo(5_000 + 2 * prior);
    }

    @Test
    void projection_learnsFromObservedRunTimes() {
        Scheduler fifo = withWorkers(new FifoScheduler(clock, TIERS), 1);
        fifo.submit(job("a", "u1", "low"));
        Assignment first = fifo.decide().get(0);
        fifo.batchFinished(first.batchId(), 8_000, true);
        fifo.submit(job("b", "u1", "low"));

        assertThat(fifo.estimateCostSeconds(job("c", "u1", "low"))).isEqualTo(8.0);
        assertThat(fifo.projection("b").orElseThrow().finishAtMillis()).isEqualTo(8_000);
    }

    @Test
    void projection_jobNoWorkerCanRun_isUnschedulable() {
        Scheduler fifo = withWorkers(new FifoScheduler(clock, TIERS), 1);
        fifo.submit(new Job("x", "x", "u1", "low", key("OTHER"), 1, 0));
        fifo.submit(job("a", "u1", "low"));

        Projection unschedulable = fifo.projection("x").orElseThrow();

        assertThat(unschedulable.isSchedulable()).isFalse();
        assertThat(unschedulable.unschedulableReason()).contains("model OTHER");
        assertThat(fifo.projection("a").orElseThrow().position()).isZero();
        assertThat(fifo.decide()).extracting(assignment -> assignment.jobs().get(0).id()).containsExactly("a");
    }

    @Test
    void submit_beyondTierLimit_throwsQueueFull() {
        Scheduler fifo = new FifoScheduler(clock, TIERS);
        for (int i = 0; i < 3; i++) {
            fifo.submit(job("h" + i, "u1", "high"));
        }

        assertThatThrownBy(() -> fifo.submit(job("h3", "u1", "high"))).isInstanceOf(QueueFullException.class);
        assertThat(fifo.queuedByTier()).isEqualTo(Map.of("high", 3, "normal", 0, "low", 0));
    }

    @Test
    void cancel_removesQueuedJob() {
        Scheduler roundRobin = withWorkers(new UserRoundRobinScheduler(clock, TIERS), 1);
        roundRobin.submit(job("a", "u1", "low"));
        roundRobin.submit(job("b", "u2", "low"));

        assertThat(roundRobin.cancel("a")).isTrue();
        assertThat(roundRobin.cancel("a")).isFalse();
        assertThat(roundRobin.decide()).extracting(assignment -> assignment.jobs().get(0).id()).containsExactly("b");
    }

    @Test
    void unknownTier_rejectsWithTheKnownTiers() {
        Scheduler fifo = new FifoScheduler(clock, TIERS);

        assertThatThrownBy(() -> fifo.submit(job("a", "u1", "gold")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown tier 'gold'")
                .hasMessageContaining("high");
    }

    private static Scheduler withWorkers(Scheduler scheduler, int count) {
        for (int i = 1; i <= count; i++) {
            scheduler.workerJoined(new WorkerSpec("w" + i, "shared", Set.of("M"), 0, Map.of("txt2img", 4), 1));
        }
        return scheduler;
    }

    /** Runs jobs one at a time on the single worker and returns their ids in start order. */
    private static List<String> startOrder(Scheduler scheduler, int jobs) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            List<Assignment> assignments = scheduler.decide();
            assertThat(assignments).hasSize(1);
            Assignment assignment = assignments.get(0);
            assertThat(assignment.jobs()).hasSize(1);
            order.add(assignment.jobs().get(0).id());
            scheduler.batchFinished(assignment.batchId(), 1_000, true);
        }
        return order;
    }

    private static Job job(String id, String user, String tier) {
        return new Job(id, id, user, tier, key("M"), 1, 0);
    }

    private static BatchKey key(String model) {
        return new BatchKey(model, "txt2img", 512, 512, 30, "euler_a", 7, List.of());
    }
}
