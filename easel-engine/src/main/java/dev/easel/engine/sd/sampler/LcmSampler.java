package dev.easel.engine.sd.sampler;

import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.sd.sampler.SamplerConfig.PredictionType;

/**
 * Latent consistency model sampling, as diffusers' {@code LCMScheduler}.
 *
 * <p>Implementation notes: with K = {@code original_inference_steps} and N training timesteps,
 * the distillation schedule is {@code t_j = j * (N / K) - 1} for j = 1 .. floor(K * strength),
 * reversed; the S inference timesteps are the entries at indices {@code floor(i * len / S)} for
 * i = 0 .. S - 1. Each step computes the clean estimate x0 (see {@link CleanEstimate}), then
 * the consistency output {@code denoised = c_out x0 + c_skip x} with
 * {@code c_skip = 0.25 / ((10 t)^2 + 0.25)} and {@code c_out = 10 t / sqrt((10 t)^2 + 0.25)}
 * (the 10 is {@code timestep_scaling}, 0.25 is sigma_data squared). Every step but the last adds
 * fresh noise for the next timestep: {@code sqrt(a') denoised + sqrt(1 - a') z}. The last step
 * returns {@code denoised}. Img2img passes the strength into the distillation schedule instead of
 * cutting steps off, as diffusers' LCM pipelines do.
 */
final class LcmSampler implements Sampler {

    private static final double SIGMA_DATA = 0.5;

    private final double[] timesteps;
    private final NoiseSchedule schedule;
    private final double finalAlphaCumprod;
    private final PredictionType predictionType;
    private final boolean clipSample;
    private final float clipRange;
    private final double timestepScaling;

    private LcmSampler(double[] timesteps, NoiseSchedule schedule, SamplerConfig config) {
        this.timesteps = timesteps;
        this.schedule = schedule;
        this.finalAlphaCumprod = config.setAlphaToOne() ? 1.0 : schedule.alphaCumprod(0);
        this.predictionType = config.predictionType();
        this.clipSample = config.clipSample() != null && config.clipSample();
        this.clipRange = (float) config.clipSampleRange();
        this.timestepScaling = config.timestepScaling();
    }

    static LcmSampler create(SamplerConfig config, NoiseSchedule schedule, int steps, double strength) {
        int n = config.numTrainTimesteps();
        int original = config.originalInferenceSteps();
        if (original < 1 || original > n) {
            throw new InvalidParametersException("sampler", "lcm",
                    "needs original_inference_steps between 1 and " + n + " in scheduler_config.json, was " + original);
        }
        int stride = n / original;
        int candidates = (int) (original * strength);
        if (steps > original || candidates / steps < 1) {
            throw new InvalidParametersException("steps", steps,
                    "must be at most " + Math.min(original, candidates) + " for the lcm sampler (original_inference_steps "
                            + original + " x strength " + strength + ")");
        }

        double[] timesteps = new double[steps];
        double indexStep = (double) candidates / steps; // np.linspace(0, len, S, endpoint=False) is i * (len / S)
        for (int i = 0; i < steps; i++) {
            int index = (int) Math.floor(i * indexStep);
            int j = candidates - index;
            timesteps[i] = (double) j * stride - 1;
        }
        return new LcmSampler(timesteps, schedule, config);
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
        boolean last = step == timesteps.length - 1;
        int previous = last ? t : (int) timesteps[step + 1];
        double alpha = schedule.alphaCumprod(t);
        double alphaPrevious = previous >= 0 ? schedule.alphaCumprod(previous) : finalAlphaCumprod;
        CleanEstimate p = CleanEstimate.of(predictionType, alpha);

        double scaled = t * timestepScaling;
        double denominator = scaled * scaled + SIGMA_DATA * SIGMA_DATA;
        float skip = (float) (SIGMA_DATA * SIGMA_DATA / denominator);
        float out = (float) (scaled / Math.sqrt(denominator));
        float sqrtAlphaPrevious = (float) Math.sqrt(alphaPrevious);
        float sqrtBetaPrevious = (float) Math.sqrt(1 - alphaPrevious);

        for (int i = 0; i < latents.length; i++) {
            float x = latents[i];
            float x0 = p.x0FromSample() * x + p.x0FromOutput() * modelOutput[i];
            if (clipSample) {
                x0 = Math.max(-clipRange, Math.min(clipRange, x0));
            }
            float denoised = out * x0 + skip * x;
            latents[i] = last ? denoised : sqrtAlphaPrevious * denoised + sqrtBetaPrevious * (float) noise.nextGaussian();
        }
    }
}
