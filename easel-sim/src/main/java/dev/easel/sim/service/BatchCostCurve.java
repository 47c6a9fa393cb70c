package dev.easel.sim.service;

import java.util.List;

/**
 * How long a batch runs, given the solo run times of its jobs.
 *
 * <p>A batch runs as long as its longest job alone, plus {@code marginal} times the solo run time
 * of every other job: {@code max(solo) + marginal * (sum(solo) - max(solo))}. A marginal cost of 1
 * means batching saves nothing; 0 means extra jobs ride along for free. The default, 0.7, is an
 * assumption (a batch of four equal jobs takes 3.1 times one job), not a measurement; it is a
 * command-line option so a reader can try their own accelerator's figure.
 *
 * @param marginal cost of each extra job as a fraction of its solo run time, in [0, 1]
 */
public record BatchCostCurve(double marginal) {

    /** The default marginal cost. */
    public static final double DEFAULT_MARGINAL = 0.7;

    public BatchCostCurve {
        if (!(marginal >= 0 && marginal <= 1)) {
            throw new IllegalArgumentException("batch marginal cost must be between 0 and 1, was " + marginal);
        }
    }

    /** Returns the run time of a batch in milliseconds, excluding any model load. */
    public long batchRunMillis(List<Long> soloRunMillis) {
        if (soloRunMillis.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one job");
        }
        long max = 0;
        long sum = 0;
        for (long solo : soloRunMillis) {
            max = Math.max(max, solo);
            sum += solo;
        }
        return max + Math.round(marginal * (sum - max));
    }
}
