package dev.easel.sim.metrics;

/**
 * Jain's fairness index, {@code (sum x)^2 / (n * sum x^2)}: 1 when every user received the same
 * service, {@code 1/n} when one user received all of it (Jain, Chiu and Hawe, "A Quantitative
 * Measure of Fairness and Discrimination for Resource Allocation in Shared Computer Systems",
 * DEC-TR-301, 1984).
 */
public final class JainIndex {

    private JainIndex() {
    }

    /**
     * Returns the index of the given allocations, or {@code NaN} when there are none. All zeros
     * count as perfectly fair (1), since nobody received more than anyone else.
     *
     * @throws IllegalArgumentException when an allocation is negative
     */
    public static double of(double[] allocations) {
        if (allocations.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        double sumOfSquares = 0;
        for (double x : allocations) {
            if (x < 0) {
                throw new IllegalArgumentException("allocations must be at least 0, found " + x);
            }
            sum += x;
            sumOfSquares += x * x;
        }
        if (sumOfSquares == 0) {
            return 1;
        }
        return sum * sum / (allocations.length * sumOfSquares);
    }
}
