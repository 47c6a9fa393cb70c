package dev.easel.engine.sd.sampler;

import dev.easel.engine.sd.sampler.SamplerConfig.TimestepSpacing;

/**
 * Inference timesteps as diffusers' Euler and DDIM schedulers compute them for each
 * {@code timestep_spacing}.
 *
 * <p>Implementation notes, with N training timesteps and S steps:
 * {@code linspace} takes S evenly spaced values from N - 1 down to 0 (Euler keeps fractions,
 * DDIM rounds them); {@code leading} takes {@code i * (N / S)} with integer division for
 * i = S - 1 .. 0 and adds {@code steps_offset}; {@code trailing} takes
 * {@code round(N - i * N / S) - 1} for i = 0 .. S - 1. Rounding is half to even, as NumPy's.
 */
final class Timesteps {

    private Timesteps() {
    }

    /** Returns the S timesteps, first step first; fractional only for Euler with linspace. */
    static double[] of(SamplerConfig config, int steps, boolean roundLinspace) {
        int n = config.numTrainTimesteps();
        double[] timesteps = new double[steps];
        TimestepSpacing spacing = config.timestepSpacing();
        for (int i = 0; i < steps; i++) {
            int fromEnd = steps - 1 - i;
            timesteps[i] = switch (spacing) {
                case LINSPACE -> {
                    double value = Timesteps.linspace(0, n - 1, steps, fromEnd);
                    yield roundLinspace ? Math.rint(value) : value;
                }
                case LEADING -> (double) fromEnd * (n / steps) + config.stepsOffset();
                case TRAILING -> Math.rint(n - i * ((double) n / steps)) - 1;
            };
        }
        return timesteps;
    }

    /** Returns element {@code i} of {@code np.linspace(start, stop, count)}: {@code start + i * step}, the last exactly {@code stop}. */
    static double linspace(double start, double stop, int count, int i) {
        if (count == 1) {
            return start;
        }
        if (i == count - 1) {
            return stop;
        }
        return start + i * ((stop - start) / (count - 1));
    }
}
