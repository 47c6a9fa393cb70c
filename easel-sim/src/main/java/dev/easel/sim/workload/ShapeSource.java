package dev.easel.sim.workload;

import java.util.List;
import java.util.SplittableRandom;

/** Draws job shapes for synthetic workloads. */
public interface ShapeSource {

    /** Returns a random shape. */
    JobShape sample(SplittableRandom random);

    /** Returns the mean solo run time of the shapes drawn, in milliseconds. */
    double meanSoloMillis();

    /** Returns a sentence describing the source, for the report. */
    String description();

    /** Returns a source that draws uniformly, with replacement, from given shapes (a trace's). */
    static ShapeSource resampling(List<JobShape> shapes) {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("cannot resample from an empty list of shapes");
        }
        List<JobShape> copy = List.copyOf(shapes);
        double mean = copy.stream().mapToLong(JobShape::soloRunMillis).average().orElseThrow();
        return new ShapeSource() {
            @Override
            public JobShape sample(SplittableRandom random) {
                return copy.get(random.nextInt(copy.size()));
            }

            @Override
            public double meanSoloMillis() {
                return mean;
            }

            @Override
            public String description() {
                return "shapes resampled uniformly from the " + copy.size() + " trace requests";
            }
        };
    }

    /**
     * Returns the parametric source used when no trace is given.
     *
     * <p>Ten models M0…M9 with Zipf(1) popularity, txt2img at 30 steps, 1, 2, 4 or 8 images with
     * probabilities 0.58, 0.08, 0.19, 0.15, no LoRA, and a log-normal solo run time with median
     * 23 s and sigma 0.65 (90th percentile about 53 s), which matches the medians of the GenTD26
     * trace. Note that run time is drawn independently of the image count here.
     */
    static ShapeSource parametric() {
        return new ParametricShapes();
    }
}
