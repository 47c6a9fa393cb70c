package dev.easel.sim.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Assigns each user to a tier, so that the given fractions of users land in each tier.
 *
 * <p>The assignment depends only on the user id and the seed, so a user keeps its tier across
 * runs and policies. Fractions are of users, not of requests; a few heavy users can make a tier's
 * share of the load differ from its share of users.
 */
public final class TierMix {

    private final Map<String, Double> fractions;
    private final long seed;

    /**
     * Creates a mix.
     *
     * @param fractions tier name to fraction of users, each at least 0, summing to 1 (within 0.001)
     * @throws IllegalArgumentException when a fraction is negative or they do not sum to 1
     */
    public TierMix(Map<String, Double> fractions, long seed) {
        if (fractions.isEmpty()) {
            throw new IllegalArgumentException("tier mix must name at least one tier");
        }
        double sum = 0;
        for (Map.Entry<String, Double> entry : fractions.entrySet()) {
            if (!(entry.getValue() >= 0)) {
                throw new IllegalArgumentException("tier mix: fraction of " + entry.getKey() + " must be at least 0, was " + entry.getValue());
            }
            sum += entry.getValue();
        }
        if (Math.abs(sum - 1) > 0.001) {
            throw new IllegalArgumentException("tier mix: fractions must sum to 1, they sum to " + sum + " in " + fractions);
        }
        this.fractions = new LinkedHashMap<>(fractions);
        this.seed = seed;
    }

    /**
     * Parses {@code high=0.2,normal=0.5,low=0.3}.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code tier=fraction}
     */
    public static TierMix parse(String text, long seed) {
        Map<String, Double> fractions = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String[] parts = entry.split("=");
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("tier mix entry '" + entry + "' is invalid, expected tier=fraction as in high=0.2");
            }
            try {
                fractions.put(parts[0].strip(), Double.parseDouble(parts[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("tier mix entry '" + entry + "': fraction '" + parts[1] + "' is not a number");
            }
        }
        return new TierMix(fractions, seed);
    }

    /** Returns the tier of a user. */
    public String tierOf(String user) {
        double draw = new SplittableRandom(seed * 1_000_003L + user.hashCode()).nextDouble();
        double cumulative = 0;
        String last = null;
        for (Map.Entry<String, Double> entry : fractions.entrySet()) {
            cumulative += entry.getValue();
            last = entry.getKey();
            if (draw < cumulative) {
                return last;
            }
        }
        return last;
    }

    /** Returns the fractions, in the given order. */
    public Map<String, Double> fractions() {
        return Map.copyOf(fractions);
    }

    @Override
    public String toString() {
        return fractions.toString();
    }
}
