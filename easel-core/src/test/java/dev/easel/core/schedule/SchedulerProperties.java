package dev.easel.core.schedule;

import static dev.easel.core.schedule.JobBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.cost.CostPriors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of {@link FairScheduler}, checked on random workloads run in virtual time. A job runs
 * 1 s on model m1, 2 s on m2 and 4 s on m3, and each further job in a batch adds 60 % of its solo
 * time.
 */
class SchedulerProperties {

    private static final String[] MODELS = {"m1", "m2", "m3"};
    private static final long DAY_MILLIS = 86_400_000L;

    // ---- work conservation --------------------------------------------------------------------

    @Property(tries = 60)
    void noWorkerIdlesWhileItCouldRunAQueuedJob(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int workers) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults());
        Map<String, WorkerSpec> specs = new LinkedHashMap<>();
        for (int i = 0; i < workers; i++) {
            WorkerSpec spec = randomWorker("w" + i, random);
            specs.put(spec.id(), spec);
            scheduler.workerJoined(spec);
        }
        VirtualRun run = runWithModelCosts(clock, scheduler).withoutProjections();
        List<String> tiers = List.of("realtime", "high", "normal", "low");
        for (int i = 0; i < 60; i++) {
            int size = random.nextInt(4) == 0 ? 768 : 512;
            run.submitAt(random.nextInt(60_000), aJob()
                    .tier(tiers.get(random.nextInt(tiers.size())))
                    .user("u" + random.nextInt(6))
                    .model(MODELS[random.nextInt(MODELS.length)])
                    .size(size, size));
        }
        Map<String, TierConfig> tierConfigs = new HashMap<>();
        scheduler.tiers().forEach(t -> tierConfigs.put(t.name(), t));

        run.afterDecide(now -> {
            for (WorkerSpec spec : specs.values()) {
                int free = spec.slots() - run.runningByWorker.getOrDefault(spec.id(), 0);
                if (free == 0) {
                    continue;
                }
                for (Job job : run.pending.values()) {
                    boolean couldRun = tierConfigs.get(job.tier()).allowsPool(spec.pool()) && spec.canRun(job.batchKey());
                    assertThat(couldRun)
                            .as("at %d ms worker %s has a free slot but job %s (%s, %s) waits", now, spec.id(),
                                    job.id(), job.tier(), job.batchKey().model())
                            .isFalse();
                }
            }
        });
        run.runToEnd();
    }

    // ---- fairness -----------------------------------------------------------------------------

    @Property(tries = 25)
    void tierSharesConvergeToWeights(
            @ForAll @IntRange(min = 10, max = 100) int weightA,
            @ForAll @IntRange(min = 10, max = 100) int weightB,
            @ForAll @IntRange(min = 10, max = 100) int weightC,
            @ForAll @IntRange(min = 1, max = 4) int workers,
            @ForAll long seed) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        List<TierConfig> tiers = List.of(
                new TierConfig("a", weightA, false, 100_000, DAY_MILLIS, List.of(), false),
                new TierConfig("b", weightB, false, 100_000, DAY_MILLIS, List.of(), false),
                new TierConfig("c", weightC, false, 100_000, DAY_MILLIS, List.of(), false));
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withTiers(tiers));
        joinUniformWorkers(scheduler, workers, 1);
        VirtualRun run = runWithModelCosts(clock, scheduler).withoutProjections();
        for (TierConfig tier : tiers) {
            keepBacklogged(run, tier.name(), 3, random);
        }

        run.runUntil(6_000_000);

        double total = run.busyMillisByTier.values().stream().mapToLong(Long::longValue).sum();
        double weights = weightA + weightB + weightC;
        for (TierConfig tier : tiers) {
            double expected = tier.weight() / weights;
            double actual = run.busyMillisByTier.get(tier.name()) / total;
            assertThat(actual).as("share of tier %s with weights %d/%d/%d on %d workers", tier.name(),
                    weightA, weightB, weightC, workers).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
        }
    }

    @Property(tries = 25)
    void backloggedUsersOfATierShareEqually(
            @ForAll @IntRange(min = 2, max = 6) int users,
            @ForAll @IntRange(min = 1, max = 4) int workers,
            @ForAll long seed) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withTiers(List.of(
                new TierConfig("normal", 1, false, 100_000, DAY_MILLIS, List.of(), false))));
        joinUniformWorkers(scheduler, workers, 1);
        VirtualRun run = runWithModelCosts(clock, scheduler).withoutProjections();
        for (int u = 0; u < users; u++) {
            String user = "u" + u;
            String model = MODELS[(u + random.nextInt(MODELS.length)) % MODELS.length];
            run.afterDecide(now -> topUpUser(run, user, model));
            run.at(0, () -> topUpUser(run, user, model));
        }

        run.runUntil(4_000_000);

        double total = run.busyMillisByUser.values().stream().mapToLong(Long::longValue).sum();
        for (int u = 0; u < users; u++) {
            double actual = run.busyMillisByUser.get("u" + u) / total;
            assertThat(actual).as("share of user u%d among %d users on %d workers", u, users, workers)
                    .isCloseTo(1.0 / users, org.assertj.core.data.Percentage.withPercentage(5));
        }
    }

    @Property(tries = 15)
    void weightedUsersShareInProportion(
            @ForAll @IntRange(min = 1, max = 4) int weightOfFirst,
            @ForAll @IntRange(min = 1, max = 3) int workers,
            @ForAll long seed) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withTiers(List.of(
                new TierConfig("normal", 1, false, 100_000, DAY_MILLIS, List.of(), false))));
        scheduler.setUserWeight("u0", weightOfFirst);
        joinUniformWorkers(scheduler, workers, 1);
        VirtualRun run = runWithModelCosts(clock, scheduler).withoutProjections();
        for (int u = 0; u < 2; u++) {
            String user = "u" + u;
            String model = MODELS[random.nextInt(MODELS.length)];
            run.afterDecide(now -> topUpUser(run, user, model));
            run.at(0, () -> topUpUser(run, user, model));
        }

        run.runUntil(4_000_000);

        double total = run.busyMillisByUser.values().stream().mapToLong(Long::longValue).sum();
        double expected = weightOfFirst / (weightOfFirst + 1.0);
        assertThat(run.busyMillisByUser.get("u0") / total).as("share of u0 with weight %d on %d workers",
                weightOfFirst, workers).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
    }

    // ---- waiting bound ------------------------------------------------------------------------

    @Property(tries = 30)
    void noJobWaitsLongerThanItsTierMaximum(
            @ForAll @IntRange(min = 40, max = 200) int maxWaitSeconds,
            @ForAll @IntRange(min = 1, max = 3) int workers,
            @ForAll long seed) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        long maxWait = maxWaitSeconds * 1_000L;
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults().withTiers(List.of(
                new TierConfig("high", 99, false, 100_000, DAY_MILLIS, List.of(), false),
                new TierConfig("low", 1, false, 100_000, maxWait, List.of(), false))));
        joinUniformWorkers(scheduler, workers, 1);
        VirtualRun run = runWithModelCosts(clock, scheduler).withoutProjections();
        keepBacklogged(run, "high", 3, random);
        List<String> low = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 40; i++) {
            t += 8_000 + random.nextInt(20_000);
            String id = "low" + i;
            low.add(id);
            run.submitAt(t, aJob().id(id).tier("low").user("L" + random.nextInt(3))
                    .model(MODELS[random.nextInt(MODELS.length)]));
        }

        run.runUntil(t + 2 * maxWait);

        for (String id : low) {
            assertThat(run.startedAt).as("job %s started", id).containsKey(id);
            assertThat(run.waitMillis(id)).as("wait of %s with max wait %d ms", id, maxWait).isLessThanOrEqualTo(maxWait);
        }
    }

    // ---- batches and order --------------------------------------------------------------------

    @Property(tries = 60)
    void batchesNeverMixKeys(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int workers) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults());
        for (int i = 0; i < workers; i++) {
            scheduler.workerJoined(new WorkerSpec("w" + i, "shared", Set.of(MODELS), 0,
                    Map.of("txt2img", 1 + random.nextInt(8)), 1 + random.nextInt(2)));
        }
        VirtualRun run = runWithModelCosts(clock, scheduler).withoutProjections();
        submitRandomJobs(run, random, 120, List.of("high", "normal", "low"));

        run.runToEnd();

        assertThat(run.assignments).isNotEmpty();
        for (Assignment assignment : run.assignments) {
            assertThat(assignment.jobs()).allSatisfy(job ->
                    assertThat(job.batchKey()).as("job %s in batch %s", job.id(), assignment.batchId())
                            .isEqualTo(assignment.batchKey()));
        }
        assertThat(run.startOrder).hasSize(run.jobs.size());
    }

    @Property(tries = 60)
    void eachUsersJobsStartInSubmitOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int workers) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults());
        joinUniformWorkers(scheduler, workers, 1 + random.nextInt(4));
        VirtualRun run = runWithModelCosts(clock, scheduler).withoutProjections();
        submitRandomJobs(run, random, 120, List.of("high", "normal", "low"));

        run.runToEnd();

        Map<String, Job> lastStartedByUser = new HashMap<>();
        for (String id : run.startOrder) {
            Job job = run.jobs.get(id);
            String flow = job.tier() + "/" + job.user();
            Job previous = lastStartedByUser.put(flow, job);
            if (previous != null) {
                assertThat(submitRank(run, previous)).as("%s started after %s of the same user", job.id(), previous.id())
                        .isLessThan(submitRank(run, job));
            }
        }
    }

    // ---- cancel, determinism, projection ------------------------------------------------------

    @Property(tries = 60)
    void canceledJobsNeverRun(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int workers) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults());
        joinUniformWorkers(scheduler, workers, 2);
        VirtualRun run = runWithModelCosts(clock, scheduler);
        List<String> ids = submitRandomJobs(run, random, 80, List.of("high", "normal", "low"));
        for (int i = 0; i < 30; i++) {
            run.cancelAt(random.nextInt(60_000), ids.get(random.nextInt(ids.size())));
        }
        run.afterDecide(now -> {
            for (String id : run.canceled) {
                assertThat(scheduler.projection(id)).as("projection of canceled %s", id).isEmpty();
            }
        });

        run.runToEnd();

        for (String id : run.canceled) {
            assertThat(run.startOrder).as("canceled job %s never starts", id).doesNotContain(id);
        }
        assertThat(run.startOrder.size() + run.canceled.size()).isEqualTo(run.jobs.size());
        assertThat(scheduler.queuedByTier().values()).allSatisfy(count -> assertThat(count).isZero());
    }

    @Property(tries = 30)
    void sameInputsGiveSameDecisions(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int workers) {
        List<String> first = decisionLog(seed, workers);
        List<String> second = decisionLog(seed, workers);

        assertThat(second).isEqualTo(first);
    }

    @Property(tries = 30)
    void projectionMatchesTheRunWhenEstimatesAreExact(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int workers) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        CostPriors exact = CostPriors.defaults()
                .withModelSeconds("m1", 1).withModelSeconds("m2", 2).withModelSeconds("m3", 4);
        // No job arrives after time 0, so the projection forecasts no arrivals.
        SchedulerSettings settings = SchedulerSettings.defaults().withCostPriors(exact).withArrivalWindowMillis(0);
        FairScheduler scheduler = FairScheduler.create(clock, settings);
        joinUniformWorkers(scheduler, workers, 1 + random.nextInt(3));
        VirtualRun run = new VirtualRun(clock, scheduler, SchedulerProperties::batchMillis, 20_000).withoutProjections();
        for (int i = 0; i < 80; i++) {
            run.submitAt(0, aJob().id("j" + i)
                    .tier(List.of("high", "normal", "low").get(random.nextInt(3)))
                    .user("u" + random.nextInt(5))
                    .model(MODELS[random.nextInt(MODELS.length)]));
        }
        Map<String, Projection> projected = new HashMap<>();
        run.at(0, () -> projected.putAll(scheduler.projections()));

        run.runToEnd();

        for (String id : run.startOrder) {
            long tolerance = 50;
            assertThat(projected.get(id).startAtMillis()).as("projected start of %s", id)
                    .isCloseTo(run.startedAt.get(id), org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    // ---- workload helpers ---------------------------------------------------------------------

    private static List<String> decisionLog(long seed, int workers) {
        Random random = new Random(seed);
        FakeClock clock = new FakeClock();
        FairScheduler scheduler = FairScheduler.create(clock, SchedulerSettings.defaults());
        for (int i = 0; i < workers; i++) {
            scheduler.workerJoined(randomWorker("w" + i, random));
        }
        VirtualRun run = runWithModelCosts(clock, scheduler).withoutProjections();
        submitRandomJobs(run, random, 80, List.of("realtime", "high", "normal", "low"));
        run.runToEnd();
        List<String> log = new ArrayList<>();
        for (Assignment a : run.assignments) {
            log.add(a.batchId() + " " + a.workerId() + " " + a.modelSwitch() + " "
                    + a.jobs().stream().map(Job::id).toList());
        }
        return log;
    }

    private static List<String> submitRandomJobs(VirtualRun run, Random random, int count, List<String> tiers) {
        List<String> ids = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < count; i++) {
            t += random.nextInt(1_000);
            String id = "j" + i;
            ids.add(id);
            run.submitAt(t, aJob().id(id)
                    .tier(tiers.get(random.nextInt(tiers.size())))
                    .user("u" + random.nextInt(4))
                    .model(MODELS[random.nextInt(2)])
                    .size(512, random.nextBoolean() ? 512 : 768));
        }
        return ids;
    }

    /** Returns the order in which a job was submitted: by submit time, then by id number. */
    private static long submitRank(VirtualRun run, Job job) {
        return job.submittedAtMillis() * 10_000 + Long.parseLong(job.id().substring(1));
    }

    private static void keepBacklogged(VirtualRun run, String tier, int users, Random random) {
        Runnable topUp = () -> {
            long queued = run.pending.values().stream().filter(j -> j.tier().equals(tier)).count();
            for (long i = queued; i < 30; i++) {
                run.submitNow(aJob().tier(tier).user(tier + random.nextInt(users))
                        .model(MODELS[random.nextInt(MODELS.length)]));
            }
        };
        run.at(0, topUp);
        run.afterDecide(now -> topUp.run());
    }

    private static void topUpUser(VirtualRun run, String user, String model) {
        long queued = run.pending.values().stream().filter(j -> j.user().equals(user)).count();
        for (long i = queued; i < 10; i++) {
            run.submitNow(aJob().tier("normal").user(user).model(model));
        }
    }

    private static VirtualRun runWithModelCosts(FakeClock clock, FairScheduler scheduler) {
        return new VirtualRun(clock, scheduler, SchedulerProperties::batchMillis, 0);
    }

    /** Run time of a batch: the first job's solo time plus 60 % of each further job's. */
    static long batchMillis(Assignment assignment) {
        double seconds = 0;
        for (int i = 0; i < assignment.jobs().size(); i++) {
            double solo = soloSeconds(assignment.jobs().get(i).batchKey().model());
            seconds += i == 0 ? solo : 0.6 * solo;
        }
        return Math.round(seconds * 1000);
    }

    private static double soloSeconds(String model) {
        return switch (model) {
            case "m1" -> 1;
            case "m2" -> 2;
            default -> 4;
        };
    }

    private static void joinUniformWorkers(FairScheduler scheduler, int workers, int maxBatch) {
        for (int i = 0; i < workers; i++) {
            scheduler.workerJoined(new WorkerSpec("w" + i, "shared", Set.of(MODELS), 0,
                    Map.of("txt2img", maxBatch), 1));
        }
    }

    private static WorkerSpec randomWorker(String id, Random random) {
        List<String> pools = List.of("shared", "dedicated", "realtime");
        Set<String> models = new java.util.TreeSet<>();
        for (String model : MODELS) {
            if (random.nextBoolean()) {
                models.add(model);
            }
        }
        if (models.isEmpty()) {
            models.add(MODELS[random.nextInt(MODELS.length)]);
        }
        long maxPixels = random.nextBoolean() ? 0 : 512L * 512L;
        return new WorkerSpec(id, pools.get(random.nextInt(pools.size())), models, maxPixels,
                Map.of("txt2img", 1 + random.nextInt(4)), 1 + random.nextInt(2));
    }
}
