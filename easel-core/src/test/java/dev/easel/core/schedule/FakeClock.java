package dev.easel.core.schedule;

import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when a test advances it; starts at 0 ms. */
final class FakeClock implements InstantSource {

    private long millis;

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }

    void advanceMillis(long delta) {
        millis += delta;
    }

    void setMillis(long value) {
        millis = value;
    }
}
