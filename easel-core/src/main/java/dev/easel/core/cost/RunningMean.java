package dev.easel.core.cost;

/**
 * An online estimate that averages its first observations equally and then follows an
 * exponentially weighted moving average, so it settles fast and still tracks drift.
 *
 * <p>Not thread-safe.
 */
final class RunningMean {

    /** Observations averaged equally before the moving average takes over. */
    static final int WARMUP = 8;

    /** Weight of a new observation once warmed up. */
    static final double ALPHA = 0.125;

    private double value;
    private long count;

    RunningMean(double initial) {
        this.value = initial;
    }

    void add(double observation) {
        count++;
        double weight = count <= WARMUP ? 1.0 / count : ALPHA;
        value += weight * (observation - value);
    }

    double value() {
        return value;
    }

    long count() {
        return count;
    }
}
