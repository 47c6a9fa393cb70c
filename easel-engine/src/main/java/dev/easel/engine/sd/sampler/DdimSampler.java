package dev.easel.engine.sd.sampler;

import dev.easel.engine.sd.sampler.SamplerConfig.PredictionType;
import java.util.Arrays;

/**
 * Deterministic DDIM (eta 0), as diffusers' {@code DDIMScheduler}.
 *
 * <p>Implementation notes: with {@code a = alphas_cumprod[t]} and {@code a' = alphas_cumprod[t - N / S]}
 * (or the final alpha, 1 with {@code set_alpha_to_one} and {@code alphas_cumprod[0]} without,
 * when that index is negative), the clean estimate is {@code x0 = (x - sqrt(1 - a) eps) / sqrt(a)}
 * for epsilon and {@code x0 = sqrt(a) x - sqrt(1 - a) v} for v-prediction, with
 * {@code eps = sqrt(a) v + sqrt(1 - a) x}. When {@code clip_sample} is set (the DDIM default),
 * x0 is clipped to {@code ±clip_sample_range}. The next latents are
 * {@code sqrt(a') x0 + sqrt(1 - a') eps}. The UNet input is not scaled and noise starts at 1.
 */
final class DdimSampler implements Sampler {

    private final double[] timesteps;
    private final NoiseSchedule schedule;
    private final int stride;
    private final double finalAlphaCumprod;
    private final PredictionType predictionType;
    private final boolean clipSample;
    private final float clipRange;

    private DdimSampler(double[] timesteps, NoiseSchedule schedule, int stride, SamplerConfig config) {
        this.timesteps = timesteps;
        this.schedule = schedule;
        this.stride = stride;
        this.finalAlphaCumprod = config.setAlphaToOne() ? 1.0 : schedule.alphaCumprod(0);
        this.predictionType = config.predictionType();
        this.clipSample = config.clipSample() == null || config.clipSample();
        this.clipRange = (float) config.clipSampleRange();
    }

    static DdimSampler create(SamplerConfig config, NoiseSchedule schedule, int steps, int firstStep) {
        double[] all = Timesteps.of(config, steps, true);
        return new DdimSampler(Arrays.copyOfRange(all, firstStep, steps), schedule, config.numTrainTimesteps() / steps, config);
    }

    @Override
    public double[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public double initNoiseSigma() {
        return 1.0;
    }

    @Override
    public double inputScale(int step) {
        return 1.0;
    }

    @Override
    public NoiseMix noisedStart() {
        double alpha = schedule.alphaCumprod((int) timesteps[0]);
        return new NoiseMix(Math.sqrt(alpha), Math.sqrt(1 - alpha));
    }

    @Override
    public void step(int step, float[] modelOutput, float[] latents, GaussianNoise noise) {
        int t = (int) timesteps[step];
        int previous = t - stride;
        double alpha = schedule.alphaCumprod(t);
        double alphaPrevious = previous >= 0 ? schedule.alphaCumprod(previous) : finalAlphaCumprod;
        CleanEstimate p = CleanEstimate.of(predictionType, alpha);

        float sqrtAlphaPrevious = (float) Math.sqrt(alphaPrevious);
        float sqrtBetaPrevious = (float) Math.sqrt(1 - alphaPrevious);
        for (int i = 0; i < latents.length; i++) {
            float x = latents[i];
            float out = modelOutput[i];
            float x0 = p.x0FromSample() * x + p.x0FromOutput() * out;
            float eps = p.epsFromSample() * x + p.epsFromOutput() * out;
            if (clipSample) {
                // As in diffusers without use_clipped_model_output: epsilon keeps the unclipped value.
                x0 = Math.max(-clipRange, Math.min(clipRange, x0));
            }
            latents[i] = sqrtAlphaPrevious * x0 + sqrtBetaPrevious * eps;
        }
    }
}
