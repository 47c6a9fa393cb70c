package dev.easel.server.admission;

/**
 * Estimates cost as steps × megapixels × images × a configured number of accelerator-seconds
 * per megapixel-step ({@code easel.admission.seconds-per-megapixel-step}). A model without steps
 * counts one step; a model without a size counts one megapixel.
 *
 * <p>Note that this is a fixed linear model, not the scheduler's learned cost model: the
 * scheduler's model lives on the dispatch loop's thread, and admission runs on request threads.
 * Thread-safe.
 */
public final class ShapeCostEstimator implements CostEstimator {

    private final double secondsPerMegapixelStep;

    public ShapeCostEstimator(double secondsPerMegapixelStep) {
        if (!(secondsPerMegapixelStep > 0)) {
            throw new IllegalArgumentException("easel.admission.seconds-per-megapixel-step must be above 0, was " + secondsPerMegapixelStep);
        }
        this.secondsPerMegapixelStep = secondsPerMegapixelStep;
    }

    @Override
    public double estimateSeconds(String tier, TaskShape shape) {
        double megapixels = shape.width() * (double) shape.height() / 1_000_000.0;
        if (shape.width() == 1 && shape.height() == 1) {
            megapixels = 1;
        }
        return Math.max(1, shape.steps()) * megapixels * shape.images() * secondsPerMegapixelStep;
    }
}
