package dev.easel.server.admission;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The token buckets of every user and tier: one for the request rate, one for the hourly cost
 * budget. Buckets are Bucket4j local buckets that read time from the injected clock.
 *
 * <p>Implementation notes: the cost budget is a bucket whose capacity is the hourly budget in
 * milli-accelerator-seconds, refilled greedily over an hour (a sliding window, not a reset on the
 * hour). A bucket is created on first use with the tier's current limit; when an admin changes
 * the limit, the next use replaces its configuration with Bucket4j's additive inheritance: a raised
 * capacity adds the difference to the tokens a user has, a lowered one caps them. A full
 * bucket behaves exactly like a new one, so {@link #evictFull()} drops those without changing any
 * decision.
 *
 * <p>Thread-safe.
 */
final class UserBuckets {

    private static final long MILLIS_PER_SECOND = 1000;

    private record Key(String userId, String tier) {
    }

    private record Entry(Bucket bucket, BucketConfiguration configuration) {
    }

    private final TimeMeter timeMeter;
    private final ConcurrentMap<Key, Entry> requestBuckets = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Entry> costBuckets = new ConcurrentHashMap<>();

    UserBuckets(Clock clock) {
        this.timeMeter = new ClockTimeMeter(clock);
    }

    /** Takes one request token; the probe says whether it was there and how long until it is. */
    ConsumptionProbe tryRequest(String userId, String tier, RateLimit rate) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(rate.burst()).refillGreedy(rate.requests(), rate.period()))
                .build();
        return bucket(requestBuckets, new Key(userId, tier), configuration).tryConsumeAndReturnRemaining(1);
    }

    /** Takes the cost in milli-accelerator-seconds from the user's hourly budget. */
    ConsumptionProbe tryCost(String userId, String tier, double budgetPerHourSeconds, double costSeconds) {
        long capacity = Math.max(1, Math.round(budgetPerHourSeconds * MILLIS_PER_SECOND));
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, Duration.ofHours(1)))
                .build();
        return bucket(costBuckets, new Key(userId, tier), configuration).tryConsumeAndReturnRemaining(costTokens(costSeconds));
    }

    /** Returns the tokens that {@link #tryCost} takes for a cost: milli-accelerator-seconds. */
    static long costTokens(double costSeconds) {
        return Math.max(0, Math.round(costSeconds * MILLIS_PER_SECOND));
    }

    /**
     * Adds back the tokens of a charge. Bucket4j's {@code addTokens} stops at the capacity (its
     * 8.x Javadoc), so a refund never raises a bucket past full. A bucket no longer held was full.
     */
    void refund(String userId, String tier, AdmissionDecision.Charge charge) {
        Key key = new Key(userId, tier);
        addTokens(requestBuckets.get(key), charge.requestTokens());
        addTokens(costBuckets.get(key), charge.costMillis());
    }

    private static void addTokens(Entry entry, long tokens) {
        if (entry != null && tokens > 0) {
            entry.bucket().addTokens(tokens);
        }
    }

    /** Drops every bucket that has refilled completely; returns how many were dropped. */
    int evictFull() {
        return evictFull(requestBuckets) + evictFull(costBuckets);
    }

    /** Returns the number of buckets held. */
    int size() {
        return requestBuckets.size() + costBuckets.size();
    }

    private Bucket bucket(ConcurrentMap<Key, Entry> buckets, Key key, BucketConfiguration configuration) {
        Entry entry = buckets.computeIfAbsent(key, ignored -> new Entry(newBucket(configuration), configuration));
        if (!entry.configuration().equals(configuration)) {
            entry.bucket().replaceConfiguration(configuration, TokensInheritanceStrategy.ADDITIVE);
            buckets.put(key, new Entry(entry.bucket(), configuration));
        }
        return entry.bucket();
    }

    private Bucket newBucket(BucketConfiguration configuration) {
        return Bucket.builder()
                .addLimit(configuration.getBandwidths()[0])
                .withCustomTimePrecision(timeMeter)
                .build();
    }

    private static int evictFull(ConcurrentMap<Key, Entry> buckets) {
        int[] evicted = {0};
        buckets.entrySet().removeIf(entry -> {
            long capacity = entry.getValue().configuration().getBandwidths()[0].getCapacity();
            boolean full = entry.getValue().bucket().getAvailableTokens() >= capacity;
            if (full) {
                evicted[0]++;
            }
            return full;
        });
        return evicted[0];
    }

    /** Bucket4j's time source backed by a {@link Clock}, so tests move time by hand. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
