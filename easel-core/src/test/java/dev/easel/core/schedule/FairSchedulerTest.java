package dev.easel.core.schedule;

import static dev.easel.core.schedule.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FairSchedulerTest {

    private final FakeClock clock = new FakeClock();

    private FairScheduler scheduler(SchedulerSettings settings) {
        return FairScheduler.create(clock, settings.withProjectionMaxAgeMillis(0));
    }

    private FairScheduler scheduler() {
        return scheduler(SchedulerSettings.defaults());
    }

    @Test
    void decide_idleWorkerAndQueuedJob_assignsIt() {
        FairScheduler scheduler = scheduler();
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.submit(aJob().id("a").build());

        List<Assignment> assignments = scheduler.decide();

        assertThat(assignments).hasSize(1);
        assertThat(assignments.get(0).workerId()).isEqualTo("w1");
        assertThat(assignments.get(0).jobs()).extracting(Job::id).containsExactly("a");
        assertThat(scheduler.queuedByTier()).containsEntry("normal", 0);
    }

    @Test
    void decide_busyWorker_assignsNothingUntilBatchFinishes() {
        FairScheduler scheduler = scheduler();
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.submit(aJob().id("a").build());
        scheduler.submit(aJob().id("b").build());
        String batch = scheduler.decide().get(0).batchId();

        assertThat(scheduler.decide()).isEmpty();

        scheduler.batchFinished(batch, 2_000, true);
        assertThat(scheduler.decide()).singleElement()
                .satisfies(a -> assertThat(a.jobs()).extracting(Job::id).containsExactly("b"));
    }

    @Test
    void decide_dueJob_goesBeforeHeavierTier() {
        FairScheduler scheduler = promotionScheduler();
        clock.advanceMillis(9_000);

        assertThat(nextJobAfterBusyBatch(scheduler)).isEqualTo("low1");
    }

    @Test
    void decide_lateJob_keepsItsFairPlace() {
        FairScheduler scheduler = promotionScheduler();
        clock.advanceMillis(10_001);

        assertThat(nextJobAfterBusyBatch(scheduler)).startsWith("high");
    }

    /**
     * One worker; high (weight 99) and low (weight 1, maximum wait 10 s, so due from 9 s) each
     * queue jobs at 0. High's first job runs, then low's first, which puts low's start tag far
     * ahead, so low's second job is last in the fair order and runs next only if promoted.
     */
    private FairScheduler promotionScheduler() {
        FairScheduler scheduler = scheduler(SchedulerSettings.defaults().withTiers(List.of(
                new TierConfig("high", 99, false, 1_000, 86_400_000L, List.of(), false),
                new TierConfig("low", 1, false, 1_000, 10_000, List.of(), false))));
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.modelsLoaded("w1", Set.of("m1"));
        for (int i = 0; i < 5; i++) {
            scheduler.submit(aJob().id("high" + i).tier("high").user("h").build());
        }
        scheduler.submit(aJob().id("low0").tier("low").user("l").build());
        scheduler.submit(aJob().id("low1").tier("low").user("l").build());
        runningBatchId = scheduler.decide().get(0).batchId();
        assertThat(nextJobAfterBusyBatch(scheduler)).isEqualTo("low0");
        return scheduler;
    }

    private String runningBatchId;

    /** Finishes the running batch now and returns the first job of the next decision, which keeps running. */
    private String nextJobAfterBusyBatch(FairScheduler scheduler) {
        scheduler.batchFinished(runningBatchId, 2_000, true);
        Assignment next = scheduler.decide().get(0);
        runningBatchId = next.batchId();
        return next.jobs().get(0).id();
    }

    @Test
    void cancel_queuedJob_removesItAtOnce() {
        FairScheduler scheduler = scheduler();
        scheduler.submit(aJob().id("a").build());

        assertThat(scheduler.cancel("a")).isTrue();
        assertThat(scheduler.cancel("a")).isFalse();
        assertThat(scheduler.projection("a")).isEmpty();
        assertThat(scheduler.queuedByTier()).containsEntry("normal", 0);

        scheduler.workerJoined(Workers.shared("w1"));
        assertThat(scheduler.decide()).isEmpty();
    }

    @Test
    void submit_unknownTier_rejectsNamingTiers() {
        FairScheduler scheduler = scheduler();

        assertThatThrownBy(() -> scheduler.submit(aJob().tier("gold").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown tier gold")
                .hasMessageContaining("realtime, high, normal, low");
    }

    @Test
    void submit_duplicateId_rejects() {
        FairScheduler scheduler = scheduler();
        scheduler.submit(aJob().id("a").build());

        assertThatThrownBy(() -> scheduler.submit(aJob().id("a").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job a is already queued");
    }

    @Test
    void submit_tierFull_throwsQueueFull() {
        TierConfig tier = new TierConfig("normal", 1, false, 2, 60_000, List.of(), false);
        FairScheduler scheduler = scheduler(SchedulerSettings.defaults().withTiers(List.of(tier)));
        scheduler.submit(aJob().build());
        scheduler.submit(aJob().user("u2").build());

        assertThatThrownBy(() -> scheduler.submit(aJob().user("u3").build()))
                .isInstanceOfSatisfying(QueueFullException.class, e -> {
                    assertThat(e.tier()).isEqualTo("normal");
                    assertThat(e.maxQueued()).isEqualTo(2);
                    assertThat(e.isPerUserLimit()).isFalse();
                });
    }

    @Test
    void submit_userOverLimit_rejectsUser() {
        TierConfig tier = new TierConfig("normal", 1, false, 100, 60_000, List.of(), false).withMaxQueuedPerUser(2);
        FairScheduler scheduler = scheduler(SchedulerSettings.defaults().withTiers(List.of(tier)));
        scheduler.submit(aJob().user("a").build());
        scheduler.submit(aJob().user("a").build());

        assertThatThrownBy(() -> scheduler.submit(aJob().user("a").build()))
                .isInstanceOfSatisfying(QueueFullException.class, e -> {
                    assertThat(e.isPerUserLimit()).isTrue();
                    assertThat(e.user()).isEqualTo("a");
                    assertThat(e.maxQueued()).isEqualTo(2);
                });
        scheduler.submit(aJob().user("b").build());
    }

    @Test
    void submit_pausedTier_rejects() {
        TierConfig tier = new TierConfig("normal", 1, false, 100, 60_000, List.of(), true);
        FairScheduler scheduler = scheduler(SchedulerSettings.defaults().withTiers(List.of(tier)));

        assertThatThrownBy(() -> scheduler.submit(aJob().build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tier normal is paused");
    }

    @Test
    void projection_unservedModel_isUnschedulable() {
        FairScheduler scheduler = scheduler();
        scheduler.workerJoined(Workers.worker("w1", "shared", 1, "m1"));
        scheduler.submit(aJob().id("x").model("flux").build());
        scheduler.submit(aJob().id("a").model("m1").build());

        Projection x = scheduler.projection("x").orElseThrow();
        Projection a = scheduler.projection("a").orElseThrow();

        assertThat(x.isSchedulable()).isFalse();
        assertThat(x.unschedulableReason()).contains("serves model flux");
        assertThat(x.position()).isEqualTo(-1);
        assertThat(a.position()).isZero();
        assertThat(scheduler.decide()).singleElement()
                .satisfies(as -> assertThat(as.jobs()).extracting(Job::id).containsExactly("a"));
    }

    @Test
    void workerJoined_capableWorker_makesHeldJobRunnable() {
        FairScheduler scheduler = scheduler();
        scheduler.submit(aJob().id("x").model("flux").build());
        assertThat(scheduler.projection("x").orElseThrow().isSchedulable()).isFalse();

        scheduler.workerJoined(Workers.worker("w2", "shared", 1, "flux"));

        assertThat(scheduler.projection("x").orElseThrow().isSchedulable()).isTrue();
        assertThat(scheduler.decide()).singleElement().extracting(Assignment::workerId).isEqualTo("w2");
    }

    @Test
    void workerDraining_onlyCapableWorker_holdsJobsAgain() {
        FairScheduler scheduler = scheduler();
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.submit(aJob().id("a").build());

        scheduler.workerDraining("w1");

        assertThat(scheduler.decide()).isEmpty();
        assertThat(scheduler.projection("a").orElseThrow().unschedulableReason()).contains("no active worker");
    }

    @Test
    void decide_fourIdleWorkers_startsFourJobs() {
        FairScheduler scheduler = scheduler();
        for (int i = 1; i <= 4; i++) {
            scheduler.workerJoined(Workers.worker("w" + i, "shared", 4, "m1"));
            scheduler.modelsLoaded("w" + i, Set.of("m1"));
        }
        for (int i = 0; i < 4; i++) {
            scheduler.submit(aJob().build());
        }

        List<Assignment> assignments = scheduler.decide();

        assertThat(assignments).hasSize(4);
        assertThat(assignments).extracting(Assignment::workerId).containsExactlyInAnyOrder("w1", "w2", "w3", "w4");
        assertThat(assignments).allSatisfy(a -> assertThat(a.modelSwitch()).isFalse());
    }

    @Test
    void decide_realtimeTier_goesBeforeWeightedTiers() {
        FairScheduler scheduler = scheduler();
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.submit(aJob().id("h").tier("high").build());
        scheduler.submit(aJob().id("r").tier("realtime").build());

        assertThat(scheduler.decide().get(0).jobs()).extracting(Job::id).containsExactly("r");
    }

    @Test
    void decide_sameKey_batchesUpToMaximum() {
        FairScheduler scheduler = scheduler();
        scheduler.workerJoined(Workers.worker("w1", "shared", 3, "m1", "m2"));
        for (int i = 0; i < 5; i++) {
            scheduler.submit(aJob().user("u" + i).build());
        }
        scheduler.submit(aJob().user("v").model("m2").build());

        Assignment assignment = scheduler.decide().get(0);

        assertThat(assignment.jobs()).hasSize(3);
        assertThat(assignment.jobs()).allSatisfy(j -> assertThat(j.batchKey()).isEqualTo(assignment.batchKey()));
    }

    @Test
    void workerLeft_runningBatch_refundsItsCharge() {
        FairScheduler scheduler = scheduler();
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.modelsLoaded("w1", Set.of("m1"));
        scheduler.submit(aJob().id("a1").user("A").build());
        scheduler.submit(aJob().id("a2").user("A").build());
        scheduler.submit(aJob().id("b1").user("B").build());
        scheduler.decide();

        scheduler.workerLeft("w1");
        scheduler.submit(aJob().id("a1-retry").user("A").build());
        scheduler.workerJoined(Workers.shared("w2"));
        scheduler.modelsLoaded("w2", Set.of("m1"));

        assertThat(scheduler.decide().get(0).jobs()).extracting(Job::id).containsExactly("a2");
    }

    @Test
    void setUserWeight_notPositive_rejectsNamingUser() {
        FairScheduler scheduler = scheduler();

        assertThatThrownBy(() -> scheduler.setUserWeight("alice", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user alice: weight must be a positive finite number, was 0.0");
    }

    @Test
    void updateTiers_removeTierWithJobs_rejects() {
        FairScheduler scheduler = scheduler();
        scheduler.submit(aJob().tier("low").build());

        List<TierConfig> withoutLow = scheduler.tiers().subList(0, 3);
        assertThatThrownBy(() -> scheduler.updateTiers(withoutLow))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tier low still has queued or running jobs");
    }

    @Test
    void updateTiers_newWeight_isReturned() {
        FairScheduler scheduler = scheduler();
        List<TierConfig> tiers = new java.util.ArrayList<>(scheduler.tiers());
        tiers.set(1, tiers.get(1).withWeight(50));

        scheduler.updateTiers(tiers);

        assertThat(scheduler.tiers().get(1).weight()).isEqualTo(50);
    }

    @Test
    void expectedFinish_progressReported_followsMeasuredRate() {
        FairScheduler scheduler = scheduler(SchedulerSettings.defaults()
                .withCostPriors(dev.easel.core.cost.CostPriors.defaults().withModelSeconds("m1", 10)));
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.modelsLoaded("w1", Set.of("m1"));
        scheduler.submit(aJob().id("a").build());
        String batch = scheduler.decide().get(0).batchId();
        scheduler.batchStarted(batch);

        assertThat(scheduler.expectedFinishMillis(batch)).contains(10_000L);

        clock.advanceMillis(5_000);
        scheduler.batchProgress(batch, 4, 20);
        assertThat(scheduler.expectedFinishMillis(batch)).contains(25_000L);

        scheduler.batchFinished(batch, 25_000, true);
        assertThat(scheduler.expectedFinishMillis(batch)).isEmpty();
    }

    @Test
    void projection_jobNewerThanCache_isProjectedAlone() {
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults());
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.modelsLoaded("w1", Set.of("m1"));
        scheduler.submit(aJob().id("a").user("A").build());
        scheduler.submit(aJob().id("b").user("B").build());
        Map<String, Projection> snapshot = scheduler.projections();

        scheduler.submit(aJob().id("c").user("C").build());
        Projection c = scheduler.projection("c").orElseThrow();

        assertThat(snapshot).doesNotContainKey("c");
        assertThat(c.position()).isEqualTo(2);
        assertThat(c.startAtMillis()).isEqualTo(4_000);
        assertThat(c.finishAtMillis()).isEqualTo(6_000);
        assertThat(scheduler.projection("c")).contains(c);
    }

    @Test
    void projections_bulk_coversEveryQueuedJob() {
        FairScheduler scheduler = scheduler();
        scheduler.workerJoined(Workers.shared("w1"));
        scheduler.submit(aJob().id("a").build());
        scheduler.submit(aJob().id("b").user("u2").build());
        scheduler.submit(aJob().id("x").model("zzz").build());

        Map<String, Projection> all = scheduler.projections();

        assertThat(all).containsOnlyKeys("a", "b", "x");
        assertThat(all.get("a").position()).isZero();
        assertThat(all.get("b").position()).isEqualTo(1);
        assertThat(all.get("b").startAtMillis()).isEqualTo(all.get("a").finishAtMillis());
        assertThat(all.get("x").isSchedulable()).isFalse();
    }
}
