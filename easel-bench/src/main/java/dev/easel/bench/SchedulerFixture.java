package dev.easel.bench;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.BatchKey;
import dev.easel.core.schedule.FairScheduler;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.SchedulerSettings;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link FairScheduler} filled with a large queue, shared by the scheduler benchmarks.
 *
 * <p>Jobs go round robin over users; a user's tier is fixed by its index (20 % high, 50 % normal,
 * 30 % low). Each job gets its own {@link BatchKey} object, as jobs arriving from the server do,
 * drawn from 16 models, two sizes and two step counts with no LoRA, so 64 distinct keys exist.
 * Every worker serves every model, takes batches of up to 4 and runs one batch at a time.
 */
final class SchedulerFixture {

    static final int MODELS = 16;

    /** A clock the benchmark moves by hand. */
    static final class ManualClock implements InstantSource {
        long millis;

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }

    final ManualClock clock = new ManualClock();
    final FairScheduler scheduler;
    final ArrayDeque<String> runningBatches = new ArrayDeque<>();
    private final int users;
    private long nextJob;

    SchedulerFixture(int users, int workers, SchedulerSettings settings) {
        this.users = users;
        this.scheduler = FairScheduler.create(clock, settings.withTiers(tiers()));
        Set<String> models = new HashSet<>();
        for (int m = 0; m < MODELS; m++) {
            models.add(model(m));
        }
        for (int w = 0; w < workers; w++) {
            scheduler.workerJoined(new WorkerSpec("w" + w, SchedulerSettings.POOL_SHARED, models, 0,
                    Map.of("txt2img", 4), 1));
        }
    }

    /** Tiers with room for two million queued jobs each, so a benchmark never hits a limit. */
    static List<TierConfig> tiers() {
        return List.of(
                new TierConfig("high", 70, false, 2_000_000, 120_000, List.of(), false),
                new TierConfig("normal", 20, false, 2_000_000, 600_000, List.of(), false),
                new TierConfig("low", 10, false, 2_000_000, 1_800_000, List.of(), false));
    }

    /** Submits {@code count} new jobs. */
    void submit(int count) {
        for (int i = 0; i < count; i++) {
            scheduler.submit(nextJob());
        }
    }

    /** Returns a new job, the next in round-robin user order. */
    Job nextJob() {
        long n = nextJob++;
        int user = (int) (n % users);
        int shape = (int) ((n / users) % (MODELS * 4));
        BatchKey key = new BatchKey(model(shape % MODELS), "txt2img", shape / MODELS % 2 == 0 ? 512 : 768,
                shape / MODELS % 2 == 0 ? 512 : 768, shape / (2 * MODELS) % 2 == 0 ? 30 : 20, "euler_a", 7.0, List.of());
        String id = "job-" + n;
        return new Job(id, id, "user-" + user, tierOf(user), key, 1, clock.millis);
    }

    private static String tierOf(int user) {
        int bucket = user % 10;
        if (bucket < 2) {
            return "high";
        }
        if (bucket < 7) {
            return "normal";
        }
        return "low";
    }

    static String model(int index) {
        return "model-" + index + "@1";
    }

    /** Starts every batch the scheduler assigns now and reports the model as loaded on its worker. */
    List<Assignment> decideAndStart() {
        List<Assignment> assignments = scheduler.decide();
        for (Assignment assignment : assignments) {
            runningBatches.addLast(assignment.batchId());
            scheduler.modelsLoaded(assignment.workerId(), Set.of(assignment.batchKey().model()));
            scheduler.batchStarted(assignment.batchId());
        }
        return assignments;
    }
}
