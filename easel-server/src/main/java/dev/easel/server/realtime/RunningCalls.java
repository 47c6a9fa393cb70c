package dev.easel.server.realtime;

import dev.easel.server.admission.UserLoad;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code POST /v1/run} calls in flight, per user, for admission's
 * {@code max-running-per-user} check. Each call counts from its admission until its response,
 * and it ends at the latest when its wait for the task times out, so the earliest of those
 * deadlines is when one of a user's calls has ended for sure. Thread-safe.
 */
final class RunningCalls {

    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Map<String, List<Call>> callsByUser = new HashMap<>();

    /**
     * @param timeout  how long a call waits for its task ({@code easel.realtime.timeout})
     * @param nanoTime the monotonic clock, {@link System#nanoTime()} in the server
     */
    RunningCalls(Duration timeout, LongSupplier nanoTime) {
        this.timeout = timeout;
        this.nanoTime = nanoTime;
    }

    /** Returns a call of this user that counts only once {@link Call#start()} is called. */
    Call newCall(String user) {
        return new Call(user);
    }

    /**
     * Returns the user's calls in flight, and the time until the first of them reaches its
     * timeout; that time is {@code null} when none is in flight.
     */
    synchronized UserLoad loadOf(String user) {
        List<Call> calls = callsByUser.getOrDefault(user, List.of());
        if (calls.isEmpty()) {
            return UserLoad.running(0, null);
        }
        long now = nanoTime.getAsLong();
        long earliest = calls.stream().mapToLong(call -> call.deadlineNanos).min().orElseThrow();
        return UserLoad.running(calls.size(), Duration.ofNanos(Math.max(0, earliest - now)));
    }

    private synchronized void add(Call call) {
        callsByUser.computeIfAbsent(call.user, user -> new ArrayList<>()).add(call);
    }

    private synchronized void remove(Call call) {
        List<Call> calls = callsByUser.get(call.user);
        if (calls != null && calls.remove(call) && calls.isEmpty()) {
            callsByUser.remove(call.user);
        }
    }

    /** One call; {@link #close()} ends it, and does nothing for a call that never started. */
    final class Call implements AutoCloseable {

        private final String user;
        private long deadlineNanos;

        private Call(String user) {
            this.user = user;
        }

        /** Counts the call from now on, until {@link #close()}. */
        void start() {
            deadlineNanos = nanoTime.getAsLong() + timeout.toNanos();
            add(this);
        }

        @Override
        public void close() {
            remove(this);
        }
    }
}
