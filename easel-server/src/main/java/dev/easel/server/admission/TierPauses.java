package dev.easel.server.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The tiers an admin paused; admission rejects their new tasks with {@code tier_paused} (503).
 * Queued and running tasks are not touched. A pause lasts until it is resumed, or until the end
 * time it was given. The admin API stores pauses, so they survive a restart. Thread-safe.
 */
public final class TierPauses {

    /** End time of a pause without one. */
    private static final Instant UNTIL_RESUMED = Instant.MAX;

    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration openEndedRetryAfter;

    /**
     * @param clock               the clock that ends timed pauses
     * @param openEndedRetryAfter the {@code Retry-After} of a rejection while a pause without an end
     *                            time lasts: how often clients should check again
     */
    public TierPauses(Clock clock, Duration openEndedRetryAfter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.openEndedRetryAfter = Objects.requireNonNull(openEndedRetryAfter, "openEndedRetryAfter");
    }

    /** Pauses a tier until it is resumed. */
    public void pause(String tier) {
        pause(tier, null);
    }

    /**
     * Pauses a tier.
     *
     * @param until when the pause ends by itself, or {@code null} to pause until resumed
     */
    public void pause(String tier, Instant until) {
        pausedUntil.put(Objects.requireNonNull(tier, "tier"), until == null ? UNTIL_RESUMED : until);
    }

    public void resume(String tier) {
        pausedUntil.remove(tier);
    }

    /** Returns whether the tier is paused now; a timed pause whose end has passed is over. */
    public boolean isPaused(String tier) {
        Instant until = pausedUntil.get(tier);
        return until != null && clock.instant().isBefore(until);
    }

    /** Returns when a timed pause ends; empty when the tier is not paused or paused until resumed. */
    public Optional<Instant> pausedUntil(String tier) {
        Instant until = pausedUntil.get(tier);
        return until == null || until.equals(UNTIL_RESUMED) || !isPaused(tier) ? Optional.empty() : Optional.of(until);
    }

    /**
     * Returns how long a client should wait before it submits to a paused tier again: the time
     * left of a timed pause, otherwise the configured interval for pauses without an end time.
     */
    public Duration retryAfter(String tier) {
        return pausedUntil(tier).map(until -> Duration.between(clock.instant(), until)).orElse(openEndedRetryAfter);
    }

    /** Returns the tiers paused now. */
    public Set<String> paused() {
        return pausedUntil.keySet().stream().filter(this::isPaused).collect(Collectors.toUnmodifiableSet());
    }
}
