package dev.easel.engine.sd.sampler;

import dev.easel.engine.sd.sampler.SamplerConfig.PredictionType;

/**
 * Coefficients that turn latents {@code x} and a UNet output into the clean-latent estimate
 * {@code x0} and the noise estimate {@code eps} at a timestep with cumulative alpha {@code a}:
 * {@code x0 = x0FromSample * x + x0FromOutput * out} and likewise for {@code eps}.
 *
 * <p>Epsilon prediction: {@code x0 = (x - sqrt(1 - a) out) / sqrt(a)}, {@code eps = out}.
 * V-prediction: {@code x0 = sqrt(a) x - sqrt(1 - a) out}, {@code eps = sqrt(a) out + sqrt(1 - a) x}.
 */
record CleanEstimate(float x0FromSample, float x0FromOutput, float epsFromSample, float epsFromOutput) {

    static CleanEstimate of(PredictionType predictionType, double alphaCumprod) {
        double sqrtAlpha = Math.sqrt(alphaCumprod);
        double sqrtBeta = Math.sqrt(1 - alphaCumprod);
        if (predictionType == PredictionType.EPSILON) {
            return new CleanEstimate((float) (1 / sqrtAlpha), (float) (-sqrtBeta / sqrtAlpha), 0f, 1f);
        }
        return new CleanEstimate((float) sqrtAlpha, (float) -sqrtBeta, (float) sqrtBeta, (float) sqrtAlpha);
    }
}
