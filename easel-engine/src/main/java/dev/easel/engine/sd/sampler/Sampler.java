package dev.easel.engine.sd.sampler;

/**
 * One denoising schedule, set up for a step count (and, for img2img, a strength): the timesteps
 * the UNet sees and the update from one latent to the next.
 *
 * <p>The pipeline runs, for each step {@code i}: multiply the latents by {@link #inputScale(int)},
 * run the UNet at {@code timesteps()[i]}, then call {@link #step} with the (guided) UNet output.
 * Latents start as noise times {@link #initNoiseSigma()} (txt2img) or as
 * {@link #noisedStart()} applied to the encoded image (img2img).
 *
 * <p>Immutable and thread-safe: per-image state lives in the arrays and the
 * {@link GaussianNoise} that callers pass in.
 */
public interface Sampler {

    /** Returns the timesteps the UNet sees, one per step, first step first. */
    double[] timesteps();

    /** Returns the number of denoising steps. */
    default int steps() {
        return timesteps().length;
    }

    /** Returns the factor applied to pure noise to make the first latents of txt2img. */
    double initNoiseSigma();

    /** Returns the factor applied to the latents before the UNet sees them at step {@code step}. */
    double inputScale(int step);

    /**
     * Returns how img2img mixes the encoded image with noise before the first step: latents =
     * {@code signal * image + noise * noise}.
     */
    NoiseMix noisedStart();

    /**
     * Advances one image's latents by one step, in place.
     *
     * @param step        step index, from 0 to {@link #steps()} - 1
     * @param modelOutput the UNet's (guided) prediction for this image, same length as {@code latents}
     * @param latents     this image's latents; replaced by the next step's latents
     * @param noise       this image's noise stream, used by samplers that add fresh noise
     */
    void step(int step, float[] modelOutput, float[] latents, GaussianNoise noise);

    /**
     * Coefficients that mix an image and noise.
     *
     * @param signal factor of the clean latents
     * @param noise  factor of the standard normal noise
     */
    record NoiseMix(double signal, double noise) {
    }
}
