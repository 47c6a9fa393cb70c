package dev.easel.sim.workload;

import java.util.SplittableRandom;

/** The parametric shapes described at {@link ShapeSource#parametric()}. */
final class ParametricShapes implements ShapeSource {

    private static final int MODELS = 10;
    private static final int[] IMAGE_COUNTS = {1, 2, 4, 8};
    private static final double[] IMAGE_PROBABILITIES = {0.58, 0.08, 0.19, 0.15};
    private static final double MEDIAN_MILLIS = 23_000;
    private static final double SIGMA = 0.65;

    private final double[] modelCumulative = new double[MODELS];

    ParametricShapes() {
        double norm = 0;
        for (int k = 1; k <= MODELS; k++) {
            norm += 1.0 / k;
        }
        double cumulative = 0;
        for (int k = 1; k <= MODELS; k++) {
            cumulative += 1.0 / k / norm;
            modelCumulative[k - 1] = cumulative;
        }
    }

    @Override
    public JobShape sample(SplittableRandom random) {
        String model = "M" + pick(modelCumulative, random.nextDouble());
        int images = IMAGE_COUNTS[pick(cumulative(IMAGE_PROBABILITIES), random.nextDouble())];
        long solo = Math.max(1, Math.round(MEDIAN_MILLIS * Math.exp(SIGMA * gaussian(random))));
        return new JobShape(model, "txt2img", 30, images, 0, solo);
    }

    @Override
    public double meanSoloMillis() {
        return MEDIAN_MILLIS * Math.exp(SIGMA * SIGMA / 2);
    }

    @Override
    public String description() {
        return "parametric shapes: 10 models with Zipf(1) popularity, txt2img, 30 steps, 1/2/4/8 images"
                + " (p = 0.58/0.08/0.19/0.15), log-normal solo run time with median 23 s and sigma 0.65";
    }

    private static int pick(double[] cumulative, double draw) {
        for (int i = 0; i < cumulative.length; i++) {
            if (draw < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    private static double[] cumulative(double[] probabilities) {
        double[] result = new double[probabilities.length];
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            sum += probabilities[i];
            result[i] = sum;
        }
        return result;
    }

    /** Returns a standard normal draw (Box-Muller), because SplittableRandom has no nextGaussian on Java 17. */
    static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
