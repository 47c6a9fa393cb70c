package dev.easel.sim.cli;

import dev.easel.core.schedule.TierConfig;
import java.util.Collection;
import java.util.List;

/**
 * The tiers every simulated policy gets: Easel's default tiers, restricted to those the tier mix
 * names.
 *
 * <p>{@code realtime}: strict priority, 30 s maximum wait; {@code high}: weight 70, 2 min;
 * {@code normal}: weight 20, 10 min; {@code low}: weight 10, 30 min. {@code realtime} accepts at
 * most 10,000 queued jobs and the others 1,000,000 each, as in the server's default tiers. The simulated workers all sit in pool {@code shared}, which every tier may use, so
 * no capacity is reserved for {@code realtime}. Tiers outside the mix are dropped, because a
 * tier without users would still receive workers under static partitioning.
 */
final class SimulationTiers {

    private static final List<TierConfig> DEFAULTS = List.of(
            new TierConfig("realtime", 1, true, 10_000, 30_000, List.of("realtime", "dedicated", "shared"), false),
            new TierConfig("high", 70, false, 1_000_000, 120_000, List.of("dedicated", "shared"), false),
            new TierConfig("normal", 20, false, 1_000_000, 600_000, List.of("shared", "dedicated"), false),
            new TierConfig("low", 10, false, 1_000_000, 1_800_000, List.of("shared"), false));

    private SimulationTiers() {
    }

    /**
     * Checks that every name is a default tier.
     *
     * @throws IllegalArgumentException naming the first unknown tier
     */
    static void checkNames(Collection<String> names) {
        for (String name : names) {
            if (DEFAULTS.stream().noneMatch(tier -> tier.name().equals(name))) {
                throw new IllegalArgumentException("unknown tier '" + name + "', expected some of realtime, high, normal, low");
            }
        }
    }

    /**
     * Returns the default tiers named in the mix, in default order, with their maximum waits
     * multiplied by {@code maxWaitScale}.
     *
     * @throws IllegalArgumentException when the mix names a tier that has no default
     */
    static List<TierConfig> forMix(Collection<String> names, double maxWaitScale) {
        if (!(maxWaitScale > 0)) {
            throw new IllegalArgumentException("max wait scale must be greater than 0, was " + maxWaitScale);
        }
        checkNames(names);
        return DEFAULTS.stream()
                .filter(tier -> names.contains(tier.name()))
                .map(tier -> new TierConfig(tier.name(), tier.weight(), tier.strictPriority(), tier.maxQueued(),
                        Math.max(1, Math.round(Math.min(tier.maxWaitMillis() * maxWaitScale, Long.MAX_VALUE / 4.0))),
                        tier.pools(), tier.paused(), tier.maxQueuedPerUser()))
                .toList();
    }
}
