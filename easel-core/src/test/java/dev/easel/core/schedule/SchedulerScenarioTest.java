package dev.easel.core.schedule;

import static dev.easel.core.schedule.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.cost.CostPriors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Named scheduling scenarios, each run in virtual time and reduced to a table of facts that is
 * compared with the expected table. A failure prints both side by side.
 */
class SchedulerScenarioTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Scenario scenario) {
        Map<String, Object> actual = scenario.run().get();

        assertThat(actual).as(sideBySide(scenario.expected(), actual)).isEqualTo(scenario.expected());
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("01 one user floods the shared queue", SchedulerScenarioTest::flood, facts(
                        "rejected submits", 10,
                        "B position at submit", 0,
                        "C positions at submit", List.of(1, 3),
                        "B starts at ms", 2_000L,
                        "first seven users", List.of("A", "B", "C", "A", "C", "A", "A"))),
                new Scenario("02 free job under steady paid load", SchedulerScenarioTest::steadyPaidLoad, facts(
                        "F starts by 15 s", true,
                        "F start within 50 % of first ETA", true,
                        "F position never rose", true,
                        "paid jobs started before F", 1)),
                new Scenario("09 paid job arrives while free jobs run", SchedulerScenarioTest::paidAfterFree, facts(
                        "paid position at submit", 0,
                        "paid projected start ms", 20_000L,
                        "paid starts at ms", 20_000L,
                        "free jobs started before paid", 2)),
                new Scenario("11 ETA counts from start, not from submit", SchedulerScenarioTest::etaFromStart, facts(
                        "J2 started at ms", 110_000L,
                        "J3 projected start at 115 s", 120_000L,
                        "J3 projected finish at 115 s", 130_000L,
                        "J3 wait ms", 20_000L,
                        "J3 run ms", 10_000L)),
                new Scenario("12 four warm workers run four jobs at once", SchedulerScenarioTest::fourWarmWorkers, facts(
                        "jobs started at 0 s", 4,
                        "last finish ms", 10_000L)),
                new Scenario("12 variant: one warm worker, 30 s load elsewhere", SchedulerScenarioTest::oneWarmWorker, facts(
                        "jobs started at 0 s", 4,
                        "model switches", 3,
                        "J4 projected finish at submit ms", 40_000L,
                        "last finish ms", 40_000L)),
                new Scenario("realtime tier goes first", SchedulerScenarioTest::realtimeFirst, facts(
                        "realtime starts at ms", 2_000L)),
                new Scenario("tier shares follow weights 70/20/10", SchedulerScenarioTest::tierShares, facts(
                        "high share %", 70L,
                        "normal share %", 20L,
                        "low share %", 10L)),
                new Scenario("maximum wait promotes a starved job", SchedulerScenarioTest::maxWaitPromotion, facts(
                        "low max wait within 30 s", true,
                        "low max wait without promotion over 100 s", true)),
                new Scenario("flood under overload does not take the worker from other users",
                        SchedulerScenarioTest::floodUnderOverload, facts(
                        "A and B wait at most 10 s", true,
                        "F share from 100 s to 300 s within 45-55 %", true)),
                new Scenario("tiers past their maximum wait share by weight", SchedulerScenarioTest::overloadedTiers, facts(
                        "high share %", 70L,
                        "normal share %", 20L,
                        "low share %", 10L)),
                new Scenario("affinity keeps models on their workers", SchedulerScenarioTest::affinity, facts(
                        "model switches", 0,
                        "w1 models", Set.of("A"),
                        "w2 models", Set.of("B"))),
                new Scenario("batch passes at most maxOvertakes users", SchedulerScenarioTest::batchOvertaking, facts(
                        "batch with 8 overtakes", List.of("u1", "u3", "u5", "u7"),
                        "batch with 0 overtakes", List.of("u1"))),
                new Scenario("a backlog lets a batch reach further down the order", SchedulerScenarioTest::backlogBatch, facts(
                        "batch from 11 queued jobs on 3 slots", List.of("u1"),
                        "batch from 12 queued jobs on 3 slots", List.of("u1", "u9", "u10", "u11"))),
                new Scenario("a backlog lets a worker keep its model for one switch", SchedulerScenarioTest::backlogAffinity, facts(
                        "first users without a backlog", List.of("u1", "u2", "u3"),
                        "first users in a backlog", List.of("u2", "u3", "u1"),
                        "first users in a backlog, 8 s load", List.of("u2", "u3", "u4", "u5", "u1"),
                        "first users in a backlog, K2 jobs in tier low", List.of("u1", "u2", "u3"))),
                new Scenario("a backlog lets a batch take its first user's next jobs", SchedulerScenarioTest::followingJobs, facts(
                        "batch without a backlog", List.of("a1"),
                        "batch in a backlog", List.of("a1", "a2", "a3"),
                        "batch in a backlog, 3 s load", List.of("a1", "a2"),
                        "batch in a backlog behind a user not yet due", List.of("a1", "a2", "a3"),
                        "batch in a backlog behind a due user", List.of("a1"))),
                new Scenario("weight change applies from the next decision", SchedulerScenarioTest::weightChange, facts(
                        "a share % before change", 50L,
                        "a share % after change", 90L)),
                new Scenario("draining worker gets no new work", SchedulerScenarioTest::drain, facts(
                        "batches on w1 after drain", 0,
                        "jobs run", 10,
                        "w1 batch running at drain finished", true)),
                new Scenario("batch delay holds a partial batch under load", SchedulerScenarioTest::batchDelay, facts(
                        "first batch without delay", List.of("k1-0"),
                        "first batch with 5 s delay", List.of("k1-0", "k1-1", "k1-2", "k1-3"),
                        "first batch start with delay ms", 2_000L,
                        "k2 jobs start with delay ms", 10_000L)),
                new Scenario("17 realtime pool keeps removals off the generation queue",
                        SchedulerScenarioTest::realtimePool, facts(
                        "removal starts ms", List.of(5_000L, 5_000L, 5_000L, 5_000L, 5_500L),
                        "generation jobs on realtime workers", 0L)),
                new Scenario("pools: high prefers dedicated, low stays shared", SchedulerScenarioTest::pools, facts(
                        "high job worker", "d1",
                        "low job worker", "s1",
                        "second low job waits for s1", true)));
    }

    // ---- scenarios ----------------------------------------------------------------------------

    private static Map<String, Object> flood() {
        TierConfig tier = new TierConfig("normal", 1, false, 1_000, 600_000, List.of(), false).withMaxQueuedPerUser(10);
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, tier);
        warmWorker(scheduler, "w1");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000);
        for (int i = 1; i <= 20; i++) {
            run.submitAt(0, aJob().id("a" + i).user("A"));
        }
        run.submitAt(500, aJob().id("b1").user("B"));
        run.submitAt(1_000, aJob().id("c1").user("C"));
        run.submitAt(1_000, aJob().id("c2").user("C"));
        run.runToEnd();

        return facts(
                "rejected submits", run.rejected.size(),
                "B position at submit", run.projectionAtSubmit.get("b1").position(),
                "C positions at submit", List.of(run.projectionAtSubmit.get("c1").position(),
                        run.projectionAtSubmit.get("c2").position()),
                "B starts at ms", run.startedAt.get("b1"),
                "first seven users", run.userOrder().subList(0, 7));
    }

    private static Map<String, Object> steadyPaidLoad() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock,
                new TierConfig("paid", 4, false, 1_000, 3_600_000, List.of(), false),
                new TierConfig("free", 1, false, 1_000, 3_600_000, List.of(), false));
        warmWorker(scheduler, "w1");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000);
        for (long t = 0; t <= 60_000; t += 1_500) {
            run.submitAt(t, aJob().id("p" + t).user("P").tier("paid"));
        }
        run.submitAt(0, aJob().id("f").user("F").tier("free"));
        List<Integer> positions = new ArrayList<>();
        for (long t = 0; t <= 60_000; t += 500) {
            run.at(t, () -> scheduler.projection("f").ifPresent(p -> positions.add(p.position())));
        }
        run.runToEnd();

        long start = run.startedAt.get("f");
        long eta = run.projectionAtSubmit.get("f").startAtMillis();
        boolean neverRose = true;
        for (int i = 1; i < positions.size(); i++) {
            neverRose &= positions.get(i) <= positions.get(i - 1);
        }
        return facts(
                "F starts by 15 s", start <= 15_000,
                "F start within 50 % of first ETA", Math.abs(start - eta) <= 0.5 * Math.max(eta, 1),
                "F position never rose", neverRose,
                "paid jobs started before F", run.startOrder.indexOf("f"));
    }

    private static Map<String, Object> paidAfterFree() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults()
                .withCostPriors(CostPriors.defaults().withModelSeconds("m1", 20))
                .withProjectionMaxAgeMillis(0));
        warmWorker(scheduler, "w1");
        warmWorker(scheduler, "w2");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 20_000);
        for (int i = 0; i < 10; i++) {
            run.submitAt(0, aJob().id("free" + i).user("F").tier("low"));
        }
        run.submitAt(5_000, aJob().id("paid").user("P").tier("high"));
        run.runToEnd();

        Projection atSubmit = run.projectionAtSubmit.get("paid");
        return facts(
                "paid position at submit", atSubmit.position(),
                "paid projected start ms", atSubmit.startAtMillis(),
                "paid starts at ms", run.startedAt.get("paid"),
                "free jobs started before paid", run.startOrder.indexOf("paid"));
    }

    private static Map<String, Object> etaFromStart() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, SchedulerSettings.defaultTiers().toArray(TierConfig[]::new));
        warmWorker(scheduler, "w1");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 10_000);
        for (int i = 0; i < 3; i++) {
            run.submitAt(0, aJob().id("warmup" + i));
        }
        run.submitAt(100_000, aJob().id("J1"));
        run.submitAt(100_000, aJob().id("J2"));
        run.submitAt(100_000, aJob().id("J3"));
        Projection[] atCheck = new Projection[1];
        run.at(115_000, () -> atCheck[0] = scheduler.projection("J3").orElseThrow());
        run.runToEnd();

        return facts(
                "J2 started at ms", run.startedAt.get("J2"),
                "J3 projected start at 115 s", atCheck[0].startAtMillis(),
                "J3 projected finish at 115 s", atCheck[0].finishAtMillis(),
                "J3 wait ms", run.waitMillis("J3"),
                "J3 run ms", run.finishedAt.get("J3") - run.startedAt.get("J3"));
    }

    private static Map<String, Object> fourWarmWorkers() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, SchedulerSettings.defaultTiers().toArray(TierConfig[]::new));
        for (int i = 1; i <= 4; i++) {
            scheduler.workerJoined(Workers.worker("w" + i, "shared", 4, "M"));
            scheduler.modelsLoaded("w" + i, Set.of("M"));
        }
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 10_000);
        for (int i = 1; i <= 4; i++) {
            run.submitAt(0, aJob().id("J" + i).model("M"));
        }
        run.runToEnd();

        return facts(
                "jobs started at 0 s", (int) run.startedAt.values().stream().filter(t -> t == 0).count(),
                "last finish ms", run.finishedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private static Map<String, Object> oneWarmWorker() {
        FakeClock clock = new FakeClock();
        CostPriors priors = CostPriors.defaults().withModelSeconds("M", 10).withLoadSeconds("M", 30);
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults()
                .withCostPriors(priors).withProjectionMaxAgeMillis(0));
        for (int i = 1; i <= 4; i++) {
            scheduler.workerJoined(Workers.worker("w" + i, "shared", 1, "M"));
        }
        scheduler.modelsLoaded("w1", Set.of("M"));
        VirtualRun run = new VirtualRun(clock, scheduler, a -> 10_000L * a.jobs().size(), 30_000);
        for (int i = 1; i <= 4; i++) {
            run.submitAt(0, aJob().id("J" + i).model("M"));
        }
        run.runToEnd();

        return facts(
                "jobs started at 0 s", (int) run.startedAt.values().stream().filter(t -> t == 0).count(),
                "model switches", run.modelSwitches,
                "J4 projected finish at submit ms", run.projectionAtSubmit.get("J4").finishAtMillis(),
                "last finish ms", run.finishedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private static Map<String, Object> realtimeFirst() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, SchedulerSettings.defaultTiers().toArray(TierConfig[]::new));
        warmWorker(scheduler, "w1");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000);
        for (int i = 0; i < 5; i++) {
            run.submitAt(0, aJob().id("h" + i).tier("high"));
        }
        run.submitAt(1_000, aJob().id("rt").tier("realtime").user("R"));
        run.runToEnd();

        return facts("realtime starts at ms", run.startedAt.get("rt"));
    }

    private static Map<String, Object> tierShares() {
        FakeClock clock = new FakeClock();
        long noPromotion = 86_400_000L;
        FairScheduler scheduler = create(clock,
                new TierConfig("high", 70, false, 10_000, noPromotion, List.of(), false),
                new TierConfig("normal", 20, false, 10_000, noPromotion, List.of(), false),
                new TierConfig("low", 10, false, 10_000, noPromotion, List.of(), false));
        for (int i = 1; i <= 4; i++) {
            warmWorker(scheduler, "w" + i);
        }
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000).withoutProjections();
        for (String tier : List.of("high", "normal", "low")) {
            for (int i = 0; i < 1_000; i++) {
                run.submitAt(0, aJob().tier(tier).user(tier + (i % 2)));
            }
        }
        run.runUntil(500_000);

        double total = run.busyMillisByTier.values().stream().mapToLong(Long::longValue).sum();
        return facts(
                "high share %", Math.round(100 * run.busyMillisByTier.get("high") / total),
                "normal share %", Math.round(100 * run.busyMillisByTier.get("normal") / total),
                "low share %", Math.round(100 * run.busyMillisByTier.get("low") / total));
    }

    private static Map<String, Object> maxWaitPromotion() {
        return facts(
                "low max wait within 30 s", lowMaxWait(30_000) <= 30_000,
                "low max wait without promotion over 100 s", lowMaxWait(86_400_000L) > 100_000);
    }

    private static long lowMaxWait(long lowMaxWaitMillis) {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock,
                new TierConfig("high", 99, false, 10_000, 86_400_000L, List.of(), false),
                new TierConfig("low", 1, false, 10_000, lowMaxWaitMillis, List.of(), false));
        warmWorker(scheduler, "w1");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000).withoutProjections();
        for (int i = 0; i < 500; i++) {
            run.submitAt(0, aJob().tier("high").user("h" + (i % 3)));
        }
        List<String> low = new ArrayList<>();
        for (long t = 0; t < 600_000; t += 10_000) {
            low.add("low" + t);
            run.submitAt(t, aJob().id("low" + t).tier("low").user("L"));
        }
        run.runUntil(1_000_000);
        long end = clock.millis();
        return low.stream()
                .mapToLong(id -> run.startedAt.getOrDefault(id, end) - run.jobs.get(id).submittedAtMillis())
                .max().orElseThrow();
    }

    /**
     * One worker, 2 s jobs, a 60 s maximum wait. F queues 1,000 jobs at once (2,000 s of work), A
     * and B each send one job every 8 s. F's oldest job is promoted from 54 s until its deadline
     * at 60 s and is late from then on, so F is never promoted again and gets what A and B leave.
     * A and B wait at most the 6 s promotion lead plus about two jobs.
     */
    private static Map<String, Object> floodUnderOverload() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, new TierConfig("normal", 1, false, 10_000, 60_000, List.of(), false));
        warmWorker(scheduler, "w1");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000).withoutProjections();
        for (int i = 0; i < 1_000; i++) {
            run.submitAt(0, aJob().id("f" + i).user("F"));
        }
        List<String> others = new ArrayList<>();
        for (long t = 1_000; t < 290_000; t += 8_000) {
            others.add("a" + t);
            others.add("b" + t);
            run.submitAt(t, aJob().id("a" + t).user("A"));
            run.submitAt(t + 4_000, aJob().id("b" + t).user("B"));
        }
        run.runUntil(300_000);

        long maxWait = others.stream()
                .mapToLong(id -> run.startedAt.getOrDefault(id, 300_000L) - run.jobs.get(id).submittedAtMillis())
                .max().orElseThrow();
        long floodStarts = run.startedAt.entrySet().stream()
                .filter(e -> e.getKey().startsWith("f") && e.getValue() >= 100_000 && e.getValue() < 300_000)
                .count();
        return facts(
                "A and B wait at most 10 s", maxWait <= 10_000,
                "F share from 100 s to 300 s within 45-55 %", floodStarts * 2_000 >= 90_000 && floodStarts * 2_000 <= 110_000);
    }

    /**
     * Every tier holds far more work than its maximum wait allows. Each tier's oldest job is promoted
     * only until its deadline passes, and promoted work is charged to the tier, so over the run the
     * weights decide.
     */
    private static Map<String, Object> overloadedTiers() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock,
                new TierConfig("high", 70, false, 10_000, 10_000, List.of(), false),
                new TierConfig("normal", 20, false, 10_000, 30_000, List.of(), false),
                new TierConfig("low", 10, false, 10_000, 50_000, List.of(), false));
        warmWorker(scheduler, "w1");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000).withoutProjections();
        for (String tier : List.of("high", "normal", "low")) {
            for (int i = 0; i < 1_000; i++) {
                run.submitAt(0, aJob().tier(tier).user(tier + (i % 3)));
            }
        }
        run.runUntil(460_000);

        Map<String, Long> started = new LinkedHashMap<>();
        run.startedAt.forEach((id, at) -> started.merge(run.jobs.get(id).tier(), 1L, Long::sum));
        long total = started.values().stream().mapToLong(Long::longValue).sum();
        return facts(
                "high share %", Math.round(100.0 * started.get("high") / total),
                "normal share %", Math.round(100.0 * started.get("normal") / total),
                "low share %", Math.round(100.0 * started.get("low") / total));
    }

    private static Map<String, Object> affinity() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, SchedulerSettings.defaultTiers().toArray(TierConfig[]::new));
        scheduler.workerJoined(Workers.worker("w1", "shared", 1, "A", "B"));
        scheduler.workerJoined(Workers.worker("w2", "shared", 1, "A", "B"));
        scheduler.modelsLoaded("w1", Set.of("A"));
        scheduler.modelsLoaded("w2", Set.of("B"));
        VirtualRun run = new VirtualRun(clock, scheduler, a -> 2_000L * a.jobs().size(), 20_000);
        for (int i = 0; i < 10; i++) {
            run.submitAt(0, aJob().user("u1").model("A"));
            run.submitAt(0, aJob().user("u2").model("B"));
        }
        run.runToEnd();

        Map<String, Set<String>> models = new LinkedHashMap<>();
        for (Assignment a : run.assignments) {
            models.computeIfAbsent(a.workerId(), w -> new java.util.TreeSet<>()).add(a.batchKey().model());
        }
        return facts(
                "model switches", run.modelSwitches,
                "w1 models", models.get("w1"),
                "w2 models", models.get("w2"));
    }

    private static Map<String, Object> batchOvertaking() {
        return facts(
                "batch with 8 overtakes", firstBatchUsers(8),
                "batch with 0 overtakes", firstBatchUsers(0));
    }

    private static List<String> firstBatchUsers(int maxOvertakes) {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withMaxOvertakes(maxOvertakes));
        scheduler.workerJoined(Workers.worker("w1", "shared", 4, "K1", "K2"));
        for (int i = 1; i <= 10; i++) {
            scheduler.submit(aJob().user("u" + i).model(i % 2 == 1 ? "K1" : "K2").build());
        }
        return scheduler.decide().get(0).jobs().stream().map(Job::user).toList();
    }

    private static Map<String, Object> backlogBatch() {
        return facts(
                "batch from 11 queued jobs on 3 slots", batchAfterQueueOf(11),
                "batch from 12 queued jobs on 3 slots", batchAfterQueueOf(12));
    }

    /**
     * Three busy workers (3 slots), {@code queued} jobs: u1 and u9 to u11 ask for K1, the others for
     * K2. With maxOvertakes 2 a K1 batch may pass two K2 users. From 4 queued jobs per slot the
     * queue is a backlog, and a batch that loads its model may pass 8 times as many. The workers
     * run K3, which no queued job needs, so affinity finds no job for the free worker's model and
     * the batch loads K1.
     */
    private static List<String> batchAfterQueueOf(int queued) {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withMaxOvertakes(2));
        for (int w = 1; w <= 3; w++) {
            scheduler.workerJoined(Workers.worker("w" + w, "shared", 4, "K1", "K2", "K3"));
            scheduler.submit(aJob().id("busy" + w).user("busy" + w).model("K3").build());
        }
        List<Assignment> first = scheduler.decide();
        for (int i = 1; i <= queued; i++) {
            boolean k1 = i == 1 || (i >= 9 && i <= 11);
            scheduler.submit(aJob().id("j" + i).user("u" + i).model(k1 ? "K1" : "K2").build());
        }
        clock.advanceMillis(1_000);
        scheduler.batchFinished(first.get(0).batchId(), 1_000, true);

        return scheduler.decide().get(0).jobs().stream().map(Job::user).toList();
    }

    private static Map<String, Object> backlogAffinity() {
        return facts(
                "first users without a backlog", firstUsersOnLoadedWorker(2, 4.0, 3),
                "first users in a backlog", firstUsersOnLoadedWorker(8, 4.0, 3),
                "first users in a backlog, 8 s load", firstUsersOnLoadedWorker(8, 8.0, 5),
                "first users in a backlog, K2 jobs in tier low", firstUsersOnLoadedWorker(8, 4.0, 3, "low"));
    }

    private static List<String> firstUsersOnLoadedWorker(int kTwoUsers, double loadSeconds, int batches) {
        return firstUsersOnLoadedWorker(kTwoUsers, loadSeconds, batches, "normal");
    }

    /**
     * Returns the users of the first batches on one worker of batch size 1 with K2 loaded, and no
     * busy worker. u1 queues a K1 job first, then {@code kTwoUsers} users one K2 job each (2 s).
     * From 4 queued jobs the queue is a backlog. Affinity may then pass u1 to keep K2 loaded until
     * the K2 jobs run ahead of u1 add up to u1's load time of K1. With fewer jobs queued, no busy
     * worker has K1, so u1 goes first. u1 is in tier normal, and K2 jobs of {@code kTwoTier} pass
     * it only if that is normal too.
     */
    private static List<String> firstUsersOnLoadedWorker(int kTwoUsers, double loadSeconds, int batches,
            String kTwoTier) {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults()
                .withCostPriors(CostPriors.defaults().withLoadSeconds("K1", loadSeconds)));
        scheduler.workerJoined(Workers.worker("w1", "shared", 1, "K1", "K2"));
        scheduler.modelsLoaded("w1", Set.of("K2"));
        scheduler.submit(aJob().user("u1").model("K1").build());
        for (int i = 2; i <= kTwoUsers + 1; i++) {
            scheduler.submit(aJob().user("u" + i).tier(kTwoTier).model("K2").build());
        }

        List<String> users = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            Assignment batch = scheduler.decide().get(0);
            users.add(batch.jobs().get(0).user());
            clock.advanceMillis(2_000);
            scheduler.batchFinished(batch.batchId(), 2_000, true);
        }
        return users;
    }

    private static Map<String, Object> followingJobs() {
        return facts(
                "batch without a backlog", batchOfFirstUser(2, 1, 20.0),
                "batch in a backlog", batchOfFirstUser(3, 3, 20.0),
                "batch in a backlog, 3 s load", batchOfFirstUser(3, 3, 3.0),
                "batch in a backlog behind a user not yet due", batchBehindWaitingUser(100_000),
                "batch in a backlog behind a due user", batchBehindWaitingUser(550_000));
    }

    /**
     * Returns the first batch of one free worker with K1 loaded and batches of 4. With maxOvertakes
     * 0 no other user's job may join. User a queues {@code aJobs} K1 jobs, then {@code others}
     * users one K2 job each. In a backlog (4 queued jobs or more) a's next K1 jobs join while a
     * stays within one K1 load time of accelerator-seconds of the user at the front. a1 is charged
     * 2 s and a2 1.2 s.
     */
    private static List<String> batchOfFirstUser(int aJobs, int others, double loadSeconds) {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withMaxOvertakes(0)
                .withCostPriors(CostPriors.defaults().withLoadSeconds("K1", loadSeconds)));
        scheduler.workerJoined(Workers.worker("w1", "shared", 4, "K1", "K2"));
        scheduler.modelsLoaded("w1", Set.of("K1"));
        for (int i = 1; i <= aJobs; i++) {
            scheduler.submit(aJob().id("a" + i).user("a").model("K1").build());
        }
        for (int i = 1; i <= others; i++) {
            scheduler.submit(aJob().id("o" + i).user("o" + i).model("K2").build());
        }

        return scheduler.decide().get(0).jobs().stream().map(Job::id).toList();
    }

    /**
     * Returns the first batch as {@link #batchOfFirstUser} does, with a second worker that is busy
     * and the only one serving K9. User d's K9 job waits from 0 ms and is due from 540 s, because
     * tier normal has a 600 s maximum wait and a 10 % lead. d's job cannot run on the free worker,
     * so a's job is the candidate, but d comes first in fair order. So a's next jobs join only
     * while d is not due.
     */
    private static List<String> batchBehindWaitingUser(long decideAtMillis) {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withMaxOvertakes(0));
        scheduler.workerJoined(Workers.worker("w2", "shared", 4, "K9"));
        scheduler.submit(aJob().id("busy").user("busy").model("K9").build());
        scheduler.decide();
        scheduler.submit(aJob().id("d1").user("d").model("K9").build());

        clock.advanceMillis(decideAtMillis);
        scheduler.workerJoined(Workers.worker("w1", "shared", 4, "K1", "K2"));
        scheduler.modelsLoaded("w1", Set.of("K1"));
        for (int i = 1; i <= 3; i++) {
            scheduler.submit(aJob().id("a" + i).user("a").model("K1").at(decideAtMillis).build());
        }
        for (int i = 1; i <= 4; i++) {
            scheduler.submit(aJob().id("o" + i).user("o" + i).model("K2").at(decideAtMillis).build());
        }

        return scheduler.decide().get(0).jobs().stream().map(Job::id).toList();
    }

    private static Map<String, Object> weightChange() {
        FakeClock clock = new FakeClock();
        long noPromotion = 86_400_000L;
        TierConfig a = new TierConfig("a", 50, false, 10_000, noPromotion, List.of(), false);
        TierConfig b = new TierConfig("b", 50, false, 10_000, noPromotion, List.of(), false);
        FairScheduler scheduler = create(clock, a, b);
        warmWorker(scheduler, "w1");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000).withoutProjections();
        for (int i = 0; i < 300; i++) {
            run.submitAt(0, aJob().id("a" + i).tier("a").user("A"));
            run.submitAt(0, aJob().id("b" + i).tier("b").user("B"));
        }
        run.at(200_000, () -> scheduler.updateTiers(List.of(a.withWeight(90), b.withWeight(10))));
        run.runUntil(400_000);

        return facts(
                "a share % before change", shareOfTierA(run, 0, 200_000),
                "a share % after change", shareOfTierA(run, 200_000, 400_000));
    }

    private static long shareOfTierA(VirtualRun run, long fromMillis, long toMillis) {
        long a = 0;
        long all = 0;
        for (Map.Entry<String, Long> start : run.startedAt.entrySet()) {
            if (start.getValue() >= fromMillis && start.getValue() < toMillis) {
                all++;
                a += start.getKey().startsWith("a") ? 1 : 0;
            }
        }
        return Math.round(100.0 * a / all);
    }

    private static Map<String, Object> drain() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, SchedulerSettings.defaultTiers().toArray(TierConfig[]::new));
        warmWorker(scheduler, "w1");
        warmWorker(scheduler, "w2");
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000);
        for (int i = 0; i < 10; i++) {
            run.submitAt(0, aJob().id("j" + i).user("u" + (i % 3)));
        }
        run.at(1_000, () -> scheduler.workerDraining("w1"));
        run.runToEnd();

        long afterDrain = run.assignments.stream()
                .filter(x -> x.workerId().equals("w1") && run.startedAt.get(x.jobs().get(0).id()) >= 1_000)
                .count();
        String firstOnW1 = run.assignments.stream().filter(x -> x.workerId().equals("w1")).findFirst()
                .orElseThrow().jobs().get(0).id();
        return facts(
                "batches on w1 after drain", (int) afterDrain,
                "jobs run", run.startOrder.size(),
                "w1 batch running at drain finished", run.finishedAt.get(firstOnW1) == 2_000L);
    }

    private static Map<String, Object> batchDelay() {
        return facts(
                "first batch without delay", firstBatch(0).jobs().stream().map(Job::id).toList(),
                "first batch with 5 s delay", firstBatch(5_000).jobs().stream().map(Job::id).toList(),
                "first batch start with delay ms", firstBatchStart(5_000),
                "k2 jobs start with delay ms", batchDelayRun(5_000).startedAt.get("k2-0"));
    }

    private static Assignment firstBatch(long delayMillis) {
        return batchDelayRun(delayMillis).assignments.get(0);
    }

    private static long firstBatchStart(long delayMillis) {
        VirtualRun run = batchDelayRun(delayMillis);
        return run.startedAt.get(run.assignments.get(0).jobs().get(0).id());
    }

    /**
     * Runs one worker batching up to 4, with one k1 job and three k2 jobs at 0 s and three more k1
     * jobs at 2 s. The driver decides every second, as the server does when idle, so held batches
     * are released.
     */
    private static VirtualRun batchDelayRun(long delayMillis) {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults()
                .withMaxBatchDelayMillis(delayMillis));
        scheduler.workerJoined(Workers.worker("w1", "shared", 4, "k1", "k2"));
        scheduler.modelsLoaded("w1", Set.of("k1", "k2"));
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000).withoutProjections();
        run.submitAt(0, aJob().id("k1-0").model("k1").user("A"));
        for (int i = 0; i < 3; i++) {
            run.submitAt(0, aJob().id("k2-" + i).model("k2").user("B" + i));
        }
        for (int i = 1; i <= 3; i++) {
            run.submitAt(2_000, aJob().id("k1-" + i).model("k1").user("C" + i));
        }
        for (long t = 0; t <= 20_000; t += 1_000) {
            run.at(t, () -> { });
        }
        run.runToEnd();
        return run;
    }

    private static Map<String, Object> realtimePool() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, SchedulerSettings.defaultTiers().toArray(TierConfig[]::new));
        warmWorker(scheduler, "gen");
        for (int i = 1; i <= 4; i++) {
            scheduler.workerJoined(Workers.worker("rt" + i, "realtime", 1, "rembg", "m1"));
            scheduler.modelsLoaded("rt" + i, Set.of("rembg"));
        }
        VirtualRun run = new VirtualRun(clock, scheduler,
                a -> a.batchKey().model().equals("rembg") ? 500L : 20_000L, 0).withoutProjections();
        for (int i = 0; i < 10; i++) {
            run.submitAt(0, aJob().id("gen" + i).user("G").tier("normal"));
        }
        for (int i = 0; i < 5; i++) {
            run.submitAt(5_000, aJob().id("rm" + i).user("R" + i).tier("realtime").model("rembg"));
        }
        run.runToEnd();

        List<Long> removalStarts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            removalStarts.add(run.startedAt.get("rm" + i));
        }
        long generationOnRealtime = run.assignments.stream()
                .filter(a -> a.workerId().startsWith("rt") && a.batchKey().model().equals("m1"))
                .count();
        return facts(
                "removal starts ms", removalStarts,
                "generation jobs on realtime workers", generationOnRealtime);
    }

    private static Map<String, Object> pools() {
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = create(clock, SchedulerSettings.defaultTiers().toArray(TierConfig[]::new));
        scheduler.workerJoined(Workers.worker("d1", "dedicated", 1, "m1"));
        scheduler.workerJoined(Workers.worker("s1", "shared", 1, "m1"));
        VirtualRun run = VirtualRun.fixed(clock, scheduler, 2_000);
        run.submitAt(0, aJob().id("h").tier("high").user("H"));
        run.submitAt(0, aJob().id("l1").tier("low").user("L"));
        run.submitAt(0, aJob().id("l2").tier("low").user("L"));
        run.runToEnd();

        Map<String, String> workerOf = new LinkedHashMap<>();
        for (Assignment a : run.assignments) {
            a.jobs().forEach(j -> workerOf.put(j.id(), a.workerId()));
        }
        return facts(
                "high job worker", workerOf.get("h"),
                "low job worker", workerOf.get("l1"),
                "second low job waits for s1", workerOf.get("l2").equals("s1") && run.startedAt.get("l2") == 2_000L);
    }

    // ---- table plumbing -----------------------------------------------------------------------

    /** Joins a shared-pool worker that already has model m1 loaded. */
    private static void warmWorker(FairScheduler scheduler, String id) {
        scheduler.workerJoined(Workers.shared(id));
        scheduler.modelsLoaded(id, Set.of("m1"));
    }

    private static FairScheduler create(FakeClock clock, TierConfig... tiers) {
        return FairScheduler.create(clock, SchedulerSettings.defaults()
                .withTiers(List.of(tiers))
                .withProjectionMaxAgeMillis(0));
    }

    private static Map<String, Object> facts(Object... keysAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            facts.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return facts;
    }

    private static String sideBySide(Map<String, Object> expected, Map<String, Object> actual) {
        StringBuilder table = new StringBuilder(String.format("%n%-45s %-30s %-30s%n", "fact", "expected", "actual"));
        for (String key : expected.keySet()) {
            Object want = expected.get(key);
            Object got = actual.get(key);
            String mark = java.util.Objects.equals(want, got) ? " " : "≠";
            table.append(String.format("%s %-43s %-30s %-30s%n", mark, key, want, got));
        }
        return table.toString();
    }

    record Scenario(String name, Supplier<Map<String, Object>> run, Map<String, Object> expected) {

        @Override
        public String toString() {
            return name;
        }
    }
}
