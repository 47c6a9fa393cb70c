package dev.easel.engine.sd.sampler;

import dev.easel.engine.sd.sampler.SamplerConfig.PredictionType;
import dev.easel.engine.sd.sampler.SamplerConfig.TimestepSpacing;
import java.util.Arrays;

/**
 * Euler and Euler ancestral sampling, as diffusers' {@code EulerDiscreteScheduler} (without
 * churn) and {@code EulerAncestralDiscreteScheduler}.
 *
 * <p>Implementation notes: sigma of a timestep is {@code sqrt((1 - a) / a)} of the training
 * schedule, linearly interpolated at fractional timesteps, with 0 appended after the last step.
 * The UNet sees {@code x / sqrt(sigma^2 + 1)}. The denoised estimate is {@code x - sigma * eps}
 * (epsilon) or {@code x / (sigma^2 + 1) - v * sigma / sqrt(sigma^2 + 1)} (v-prediction). Euler
 * moves {@code x} along {@code d = (x - denoised) / sigma} to the next sigma. The ancestral
 * variant moves to {@code sigma_down} and adds fresh noise of size {@code sigma_up}, where
 * {@code sigma_up = sqrt(next^2 (sigma^2 - next^2) / sigma^2)} and
 * {@code sigma_down = sqrt(next^2 - sigma_up^2)}. Pure noise starts at {@code max sigma} for
 * linspace and trailing spacing, and at {@code sqrt(max sigma^2 + 1)} for leading spacing.
 */
final class EulerSampler implements Sampler {

    private final double[] timesteps;
    private final double[] sigmas;
    private final double initNoiseSigma;
    private final PredictionType predictionType;
    private final boolean ancestral;

    private EulerSampler(double[] timesteps, double[] sigmas, double initNoiseSigma, PredictionType predictionType, boolean ancestral) {
        this.timesteps = timesteps;
        this.sigmas = sigmas;
        this.initNoiseSigma = initNoiseSigma;
        this.predictionType = predictionType;
        this.ancestral = ancestral;
    }

    static EulerSampler create(SamplerConfig config, NoiseSchedule schedule, int steps, int firstStep, boolean ancestral) {
        double[] allTimesteps = Timesteps.of(config, steps, false);
        double[] trainingSigmas = schedule.sigmas();
        double[] allSigmas = new double[steps + 1];
        double maxSigma = 0;
        for (int i = 0; i < steps; i++) {
            allSigmas[i] = interpolate(trainingSigmas, allTimesteps[i]);
            maxSigma = Math.max(maxSigma, allSigmas[i]);
        }
        boolean leading = config.timestepSpacing() == TimestepSpacing.LEADING;
        double initNoiseSigma = leading ? Math.sqrt(maxSigma * maxSigma + 1) : maxSigma;

        return new EulerSampler(
                Arrays.copyOfRange(allTimesteps, firstStep, steps),
                Arrays.copyOfRange(allSigmas, firstStep, steps + 1),
                initNoiseSigma,
                config.predictionType(),
                ancestral);
    }

    /** Returns sigma for step {@code step}; index {@link #steps()} holds the final 0. */
    double sigma(int step) {
        return sigmas[step];
    }

    @Override
    public double[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public double initNoiseSigma() {
        return initNoiseSigma;
    }

    @Override
    public double inputScale(int step) {
        return 1.0 / Math.sqrt(sigmas[step] * sigmas[step] + 1);
    }

    @Override
    public NoiseMix noisedStart() {
        return new NoiseMix(1.0, sigmas[0]);
    }

    @Override
    public void step(int step, float[] modelOutput, float[] latents, GaussianNoise noise) {
        double sigma = sigmas[step];
        double next = sigmas[step + 1];
        double target = next;
        double sigmaUp = 0;
        if (ancestral) {
            sigmaUp = Math.sqrt(next * next * (sigma * sigma - next * next) / (sigma * sigma));
            target = Math.sqrt(next * next - sigmaUp * sigmaUp);
        }

        // denoised = a * x + b * out, so x + (x - denoised) / sigma * dt = x * (1 + (1 - a) * k) - out * b * k.
        double a;
        double b;
        if (predictionType == PredictionType.EPSILON) {
            a = 1.0;
            b = -sigma;
        } else {
            a = 1.0 / (sigma * sigma + 1);
            b = -sigma / Math.sqrt(sigma * sigma + 1);
        }
        double k = (target - sigma) / sigma;
        float sampleFactor = (float) (1 + (1 - a) * k);
        float outputFactor = (float) (-b * k);
        for (int i = 0; i < latents.length; i++) {
            latents[i] = latents[i] * sampleFactor + modelOutput[i] * outputFactor;
        }

        if (ancestral) {
            float up = (float) sigmaUp;
            for (int i = 0; i < latents.length; i++) {
                latents[i] += (float) noise.nextGaussian() * up;
            }
        }
    }

    /** Returns {@code values} linearly interpolated at fractional index {@code x}, as {@code np.interp} over 0..n-1. */
    static double interpolate(double[] values, double x) {
        if (x <= 0) {
            return values[0];
        }
        if (x >= values.length - 1) {
            return values[values.length - 1];
        }
        int low = (int) Math.floor(x);
        double fraction = x - low;
        return values[low] + (values[low + 1] - values[low]) * fraction;
    }
}
