package dev.easel.core.schedule;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Rates at which jobs that pass the queue arrive, per tier, measured over a sliding window, so that
 * a projection can add the arrivals it expects before a queued job starts.
 *
 * <p>Only jobs whose user had nothing queued in the tier count. Such a job starts at the tier's
 * virtual time in start-time fair queuing, so it passes every user of its tier who has more queued,
 * and its tier may take back a share that it had lent. A job of a user who already has jobs queued
 * waits behind them, and is not counted.
 *
 * <p>Implementation notes. Each tier keeps the estimated accelerator-seconds of such arrivals in
 * {@link #BUCKETS} buckets covering one window. The rate is their sum divided by the window, so for
 * the first window after a start it reads low. The representative job of a tier is the latest
 * counted arrival. A projection uses its batch key and cost for the forecast jobs.
 *
 * <p>Not thread-safe; owned by one {@link FairScheduler}.
 */
final class ArrivalForecast {

    /** Buckets per window: the rate moves in steps of one sixteenth of the window. */
    static final int BUCKETS = 16;

    private final long windowMillis;
    private final long bucketMillis;
    private final Map<String, TierArrivals> tiers = new HashMap<>();

    /**
     * Creates an empty forecast.
     *
     * @param windowMillis width of the sliding window, in clock milliseconds; 0 switches forecasting off
     */
    ArrivalForecast(long windowMillis) {
        if (windowMillis < 0) {
            throw new IllegalArgumentException("arrival forecast window must be at least 0 ms, was " + windowMillis);
        }
        this.windowMillis = windowMillis;
        this.bucketMillis = Math.max(1, windowMillis / BUCKETS);
    }

    boolean isEnabled() {
        return windowMillis > 0;
    }

    /**
     * Counts a job that arrived while its user had nothing queued in its tier.
     *
     * @param costSeconds the job's estimated solo cost in accelerator-seconds
     */
    void record(Job job, double costSeconds, long nowMillis) {
        if (!isEnabled()) {
            return;
        }
        TierArrivals arrivals = tiers.computeIfAbsent(job.tier(), t -> new TierArrivals());
        arrivals.advance(bucketOf(nowMillis));
        arrivals.seconds[(int) Math.floorMod(bucketOf(nowMillis), (long) BUCKETS)] += costSeconds;
        arrivals.representative = job;
        arrivals.representativeCost = costSeconds;
    }

    /**
     * Returns the forecast of one tier at this clock time, or null when none of its jobs arrived in
     * the window (or forecasting is off).
     */
    TierForecast forTier(String tier, long nowMillis) {
        TierArrivals arrivals = tiers.get(tier);
        if (arrivals == null || !isEnabled()) {
            return null;
        }
        arrivals.advance(bucketOf(nowMillis));
        double total = 0;
        for (double seconds : arrivals.seconds) {
            total += seconds;
        }
        if (total <= 0 || arrivals.representativeCost <= 0) {
            return null;
        }
        double rate = total / (windowMillis / 1000.0);
        return new TierForecast(rate, arrivals.representative, arrivals.representativeCost);
    }

    private long bucketOf(long nowMillis) {
        return Math.floorDiv(nowMillis, bucketMillis);
    }

    /**
     * A tier's expected arrivals that pass the queue.
     *
     * @param secondsPerSecond   estimated accelerator-seconds arriving per clock second
     * @param representative     the latest such job; forecast jobs copy its batch key and images
     * @param representativeCost its estimated solo cost in accelerator-seconds, greater than 0
     */
    record TierForecast(double secondsPerSecond, Job representative, double representativeCost) {

        /** Returns the clock time between two forecast jobs, in milliseconds, at least 1. */
        long intervalMillis() {
            return Math.max(1, Math.round(representativeCost / secondsPerSecond * 1000));
        }
    }

    /** One tier's ring of buckets; {@code current} is the bucket number the ring was last moved to. */
    private static final class TierArrivals {

        final double[] seconds = new double[BUCKETS];
        long current = Long.MIN_VALUE;
        Job representative;
        double representativeCost;

        /** Empties the buckets that fell out of the window between the last move and {@code bucket}. */
        void advance(long bucket) {
            if (current == Long.MIN_VALUE || bucket - current >= BUCKETS) {
                Arrays.fill(seconds, 0);
            } else {
                for (long b = current + 1; b <= bucket; b++) {
                    seconds[(int) Math.floorMod(b, (long) BUCKETS)] = 0;
                }
            }
            current = Math.max(current, bucket);
        }
    }
}
