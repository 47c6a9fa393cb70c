package dev.easel.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.BatchKey;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.TierConfig;
import dev.easel.sim.policy.Policies;
import dev.easel.sim.service.BatchCostCurve;
import dev.easel.sim.service.LoadTimeSource;
import dev.easel.sim.workload.SimJob;
import dev.easel.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final long LOAD_MILLIS = 2_000;

    private static final List<TierConfig> TIERS = List.of(
            new TierConfig("high", 70, false, 1_000, 120_000, List.of("shared"), false),
            new TierConfig("low", 10, false, 1_000, 1_800_000, List.of("shared"), false));

    /** Every model load takes exactly {@link #LOAD_MILLIS}, so expected times are exact. */
    private static final LoadTimeSource FIXED_LOAD = new LoadTimeSource() {
        @Override
        public long drawMillis(SplittableRandom random) {
            return LOAD_MILLIS;
        }

        @Override
        public String description() {
            return "fixed " + LOAD_MILLIS + " ms";
        }
    };

    @Test
    void fifo_oneWorker_timesFollowLoadAndRun() {
        Workload workload = workload(job("j1", "u1", "low", 0, 5_000), job("j2", "u2", "low", 1_000, 3_000));

        SimulationLog log = run("fifo", workload, 1);

        JobOutcome first = log.jobs().get(0);
        JobOutcome second = log.jobs().get(1);
        assertThat(first.startMillis()).isZero();
        assertThat(first.finishMillis()).isEqualTo(LOAD_MILLIS + 5_000);
        assertThat(second.startMillis()).isEqualTo(LOAD_MILLIS + 5_000);
        assertThat(second.waitMillis()).isEqualTo(LOAD_MILLIS + 5_000 - 1_000);
        assertThat(second.finishMillis()).isEqualTo(LOAD_MILLIS + 8_000);
        assertThat(log.batches()).extracting(BatchRecord::loadMillis).containsExactly(LOAD_MILLIS, 0L);
        assertThat(log.endMillis()).isEqualTo(LOAD_MILLIS + 8_000);
        assertThat(log.idleRunnableSlotMillis()).isZero();
    }

    @Test
    void finishAndArrivalAtSameTime_finishIsProcessedFirst() {
        Workload workload = workload(job("j1", "u1", "low", 0, 5_000), job("j2", "u2", "low", LOAD_MILLIS + 5_000, 1_000));
        List<String> calls = new ArrayList<>();
        VirtualClock clock = new VirtualClock();
        Scheduler recording = new RecordingScheduler(Policies.create("fifo", clock, TIERS), calls, clock);

        SimulationLog log = Simulation.run("fifo", recording, clock, workload, config(1));

        assertThat(calls).containsSubsequence("7000 batchFinished", "7000 submit j2", "7000 decide");
        assertThat(calls).containsSubsequence("0 decide", "2000 modelLoadObserved", "2000 batchStarted");
        assertThat(log.jobs().get(1).waitMillis()).isZero();
    }

    @Test
    void staticPartition_idleWorkerWithRunnableWork_isCounted() {
        Workload workload = workload(job("j1", "u1", "low", 0, 10_000), job("j2", "u2", "low", 0, 10_000));

        SimulationLog partition = run("partition", workload, 2);
        SimulationLog fifo = run("fifo", workload, 2);

        // One worker serves high, one serves low; the high worker idles while j2 waits for the low one.
        assertThat(partition.idleRunnableSlotMillis()).isEqualTo(LOAD_MILLIS + 10_000);
        assertThat(partition.jobs().get(1).startMillis()).isEqualTo(LOAD_MILLIS + 10_000);
        assertThat(fifo.idleRunnableSlotMillis()).isZero();
        assertThat(fifo.jobs().get(1).startMillis()).isZero();
    }

    @Test
    void etaAtSubmit_comesFromThePolicyProjection() {
        Workload workload = workload(job("j1", "u1", "low", 0, 5_000), job("j2", "u2", "low", 1_000, 3_000));

        SimulationLog log = run("fifo", workload, 1);

        assertThat(log.jobs().get(0).projectedStartMillis()).isZero();
        // The FIFO baseline has observed no run time yet, so it projects j1 to hold the worker for its 20 s prior.
        assertThat(log.jobs().get(1).projectedStartMillis()).isEqualTo(20_000);
    }

    @Test
    void etaAtSubmit_usesProgressOfRunningBatch() {
        // j1 runs 60 s, three times the 20 s prior, so only its progress shows when it will end.
        // Halfway through its run (30 s after its model load) j1 has finished step 15 of 30.
        long halfway = LOAD_MILLIS + 30_000;
        Workload workload = workload(job("j1", "u1", "low", 0, 60_000), job("j2", "u2", "low", halfway, 3_000));
        List<String> calls = new ArrayList<>();
        VirtualClock clock = new VirtualClock();
        Scheduler recording = new RecordingScheduler(Policies.create("easel", clock, TIERS), calls, clock);

        SimulationLog log = Simulation.run("easel", recording, clock, workload, config(1));

        assertThat(calls).containsSubsequence(halfway + " submit j2", halfway + " batchProgress batch-1 15/30");
        assertThat(log.jobs().get(1).projectedStartMillis()).isEqualTo(LOAD_MILLIS + 60_000);
        assertThat(log.jobs().get(1).startMillis()).isEqualTo(LOAD_MILLIS + 60_000);
    }

    @Test
    void invalidAssignment_failsTheRun() {
        Workload workload = workload(job("j1", "u1", "low", 0, 5_000));
        VirtualClock clock = new VirtualClock();
        Scheduler doubling = new RecordingScheduler(Policies.create("fifo", clock, TIERS), new ArrayList<>(), clock) {
            @Override
            public List<Assignment> decide() {
                List<Assignment> assignments = super.decide();
                List<Assignment> twice = new ArrayList<>(assignments);
                twice.addAll(assignments);
                return twice;
            }
        };

        assertThatThrownBy(() -> Simulation.run("doubling", doubling, clock, workload, config(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch b1");
    }

    @Test
    void floodJobs_doNotKeepTheRunGoing() {
        SimJob flood = new SimJob(new Job("f1", "f1", "flood", "low", key("M"), 1, 0), 1_000_000, true);
        Workload workload = workload(job("j1", "u1", "low", 0, 5_000), flood);

        SimulationLog log = run("fifo", workload, 2);

        assertThat(log.endMillis()).isEqualTo(LOAD_MILLIS + 5_000);
        assertThat(log.jobs()).filteredOn(outcome -> outcome.job().flood()).allSatisfy(outcome -> assertThat(outcome.finishMillis()).isEqualTo(-1));
    }

    private static SimulationLog run(String policy, Workload workload, int workers) {
        VirtualClock clock = new VirtualClock();
        return Simulation.run(policy, Policies.create(policy, clock, TIERS), clock, workload, config(workers));
    }

    private static SimulationConfig config(int workers) {
        return new SimulationConfig(workers, 1, 4, 1, TIERS, new BatchCostCurve(1), FIXED_LOAD, 1, 1, 1_000);
    }

    private static Workload workload(SimJob... jobs) {
        return new Workload("test", "test jobs", List.of(jobs));
    }

    private static SimJob job(String id, String user, String tier, long arrival, long solo) {
        return new SimJob(new Job(id, id, user, tier, key("M"), 1, arrival), solo, false);
    }

    private static BatchKey key(String model) {
        return new BatchKey(model, "txt2img", 512, 512, 30, "euler_a", 7, List.of());
    }
}
