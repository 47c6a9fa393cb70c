package dev.easel.engine.onnx;

import java.util.concurrent.atomic.LongAdder;

/**
 * Accumulates the wall time spent inside ONNX Runtime session calls, so a benchmark can report
 * the share of time a pipeline spends outside them.
 *
 * <p>Thread-safe; one {@link System#nanoTime()} pair and one {@link LongAdder} update per call.
 */
public final class SessionCallTimer {

    private final LongAdder nanos = new LongAdder();
    private final LongAdder calls = new LongAdder();

    /** Adds one call that took {@code elapsedNanos}. */
    public void record(long elapsedNanos) {
        nanos.add(elapsedNanos);
        calls.increment();
    }

    /** Returns the total time inside session calls so far, in nanoseconds. */
    public long totalNanos() {
        return nanos.sum();
    }

    /** Returns the number of session calls so far. */
    public long calls() {
        return calls.sum();
    }
}
