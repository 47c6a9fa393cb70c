package dev.easel.sim.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock that moves only when the simulation advances it, starting at epoch millisecond 0.
 *
 * <p>It is a {@link Clock} and a {@link LongSupplier} of milliseconds, so it can be handed to a
 * scheduler that takes either. Not thread-safe; the simulation drives it from one thread.
 */
public final class VirtualClock extends Clock implements LongSupplier {

    private long nowMillis;

    /** Moves the clock to a time; it never goes back. */
    void advanceTo(long millis) {
        if (millis < nowMillis) {
            throw new IllegalStateException("virtual clock cannot go back from " + nowMillis + " ms to " + millis + " ms");
        }
        nowMillis = millis;
    }

    @Override
    public long millis() {
        return nowMillis;
    }

    @Override
    public long getAsLong() {
        return nowMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMillis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the virtual clock runs in UTC only, requested " + zone);
        }
        return this;
    }
}
