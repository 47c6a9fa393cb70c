package dev.easel.core.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Jobs that a projection expects to arrive, added to its copy of the state as virtual time passes,
 * so that queued jobs are projected to start after the arrivals that will pass them.
 *
 * <p>Implementation notes. Each tier with a forecast ({@link ArrivalForecast}) gets one extra user
 * in the copy, with a weight of {@link #WEIGHT}. Its start tag therefore stays at the tier's
 * virtual time, and it goes before every backlogged user of the tier, as a new user's first job
 * does. Its jobs copy the batch key and images of the tier's latest arrival, so they cost what
 * that job costs, need its model, and arrive at the tier's measured rate of accelerator-seconds.
 * Their key gets a sampler of its own, so no queued job joins their batch, and {@link
 * DispatchPolicy} runs them one per batch, as arrivals with varied keys would run. They take worker time like queued jobs,
 * but get no projection or position. The forecast rates of all tiers together are scaled down to at
 * most {@link #MAX_SHARE} of the active slots, so queued work always keeps some capacity. A
 * projection adds at most one forecast job per {@link #BUDGET_DIVISOR} queued jobs (and at least
 * {@link #MIN_BUDGET}), so for a long queue forecasting adds at most about a quarter to a
 * projection's cost. Jobs projected after the budget runs out see no further arrivals. On a
 * production trace the median and 90th-percentile ETA errors were the same within 1 point with a
 * budget of one forecast job per queued job.
 */
final class ForecastJobs {

    /** Weight of a forecast user inside its tier, large enough that its start tag stays at the virtual time. */
    static final double WEIGHT = 1e9;

    /** Largest fraction of the active worker slots that forecast arrivals may take together. */
    static final double MAX_SHARE = 0.9;

    /** Forecast jobs a projection may add even when few jobs are queued. */
    static final int MIN_BUDGET = 1024;

    /** A projection may add one forecast job per this many queued jobs, or {@link #MIN_BUDGET}. */
    static final int BUDGET_DIVISOR = 4;

    private static final String USER = "\u0000forecast";

    /** Arrival sequence of the first forecast job: after every real job's. */
    private static final long FIRST_SEQUENCE = Long.MAX_VALUE / 2;

    private final PolicyState state;
    private final List<Stream> streams;
    private int budget;
    private long sequence;

    private ForecastJobs(PolicyState state, List<Stream> streams, int budget) {
        this.state = state;
        this.streams = streams;
        this.budget = budget;
    }

    /**
     * Prepares the forecast arrivals of a projection.
     *
     * @param copy      the projection's copy of the state; forecast users are added to its tiers
     * @param arrivals  the live scheduler's measured arrivals
     * @param nowMillis the time the projection starts from
     */
    static ForecastJobs start(PolicyState copy, ArrivalForecast arrivals, long nowMillis) {
        List<Stream> streams = new ArrayList<>();
        if (!arrivals.isEnabled()) {
            return new ForecastJobs(copy, streams, 0);
        }
        double totalRate = 0;
        for (TierState tier : copy.tiers) {
            ArrivalForecast.TierForecast forecast = arrivals.forTier(tier.config.name(), nowMillis);
            if (forecast != null && !tier.config.paused()) {
                streams.add(new Stream(tier, forecast));
                totalRate += forecast.secondsPerSecond();
            }
        }
        int slots = activeSlots(copy);
        if (slots == 0) {
            streams.clear();
        }
        double scale = Math.min(1.0, MAX_SHARE * slots / Math.max(totalRate, 1e-9));
        for (Stream stream : streams) {
            stream.intervalMillis = Math.max(1, Math.round(stream.forecast.intervalMillis() / scale));
            stream.nextAtMillis = nowMillis + stream.intervalMillis;
        }
        shareEqualKeys(streams);
        return new ForecastJobs(copy, streams, Math.max(MIN_BUDGET, copy.queued / BUDGET_DIVISOR));
    }

    /**
     * Gives streams whose keys are equal one key object, as the live scheduler interns the keys of
     * queued jobs. Tiers often have representatives with the same key, and the policy compares keys
     * by identity before it calls {@link BatchKey#equals}.
     */
    private static void shareEqualKeys(List<Stream> streams) {
        for (int i = 1; i < streams.size(); i++) {
            Stream stream = streams.get(i);
            for (int j = 0; j < i; j++) {
                BatchKey earlier = streams.get(j).key();
                if (earlier.equals(stream.key())) {
                    stream.key = earlier;
                    break;
                }
            }
        }
    }

    /** Adds every forecast job that arrives at or before {@code timeMillis}, in arrival order per tier. */
    void arriveUntil(long timeMillis) {
        for (int i = 0; i < streams.size(); i++) {
            Stream stream = streams.get(i);
            while (budget > 0 && stream.nextAtMillis <= timeMillis) {
                state.enqueue(stream.user(state.epoch), newJob(stream));
                stream.nextAtMillis += stream.intervalMillis;
                budget--;
            }
        }
    }

    /**
     * Returns the time of the next forecast arrival that one of these free workers could run, or
     * {@link Long#MAX_VALUE} when none is left. Arrivals that no free worker could run wait for a
     * slot release anyway.
     */
    long nextArrivalMillis(List<WorkerView> free) {
        if (budget <= 0) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Stream stream : streams) {
            if (stream.nextAtMillis < next && anyCanRun(free, stream)) {
                next = stream.nextAtMillis;
            }
        }
        return next;
    }

    private static boolean anyCanRun(List<WorkerView> free, Stream stream) {
        for (WorkerView worker : free) {
            if (worker.canRun(stream.tier.config, stream.key())) {
                return true;
            }
        }
        return false;
    }

    private QueuedJob newJob(Stream stream) {
        Job model = stream.forecast.representative();
        String id = USER + sequence;
        Job job = new Job(id, id, USER, model.tier(), stream.key(), model.images(), stream.nextAtMillis);
        return new QueuedJob(job, stream.key(), FIRST_SEQUENCE + sequence++);
    }

    private static int activeSlots(PolicyState state) {
        int slots = 0;
        for (WorkerView worker : state.workers) {
            if (!worker.draining) {
                slots += worker.spec.slots();
            }
        }
        return slots;
    }

    /** One tier's forecast arrivals within a projection. */
    private static final class Stream {

        final TierState tier;
        final ArrivalForecast.TierForecast forecast;
        UserQueue user;
        BatchKey key;
        long intervalMillis;
        long nextAtMillis;

        Stream(TierState tier, ArrivalForecast.TierForecast forecast) {
            this.tier = tier;
            this.forecast = forecast;
        }

        /** Returns the representative's key with a sampler that no queued job has. */
        BatchKey key() {
            if (key == null) {
                BatchKey real = forecast.representative().batchKey();
                key = new BatchKey(real.model(), real.capability(), real.width(), real.height(), real.steps(),
                        real.sampler() + USER, real.guidance(), real.loras());
            }
            return key;
        }

        UserQueue user(long epoch) {
            if (user == null) {
                user = UserQueue.forForecast(USER, tier, epoch, WEIGHT);
            }
            return user;
        }
    }
}
