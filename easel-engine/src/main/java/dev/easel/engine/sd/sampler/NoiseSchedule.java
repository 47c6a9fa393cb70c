package dev.easel.engine.sd.sampler;

/**
 * The training noise schedule: betas and their cumulative alpha products.
 *
 * <p>Implementation notes, following diffusers' schedulers: {@code linear} spaces betas evenly
 * from {@code beta_start} to {@code beta_end}; {@code scaled_linear} spaces their square roots
 * evenly and squares them (Stable Diffusion); {@code squaredcos_cap_v2} derives them from
 * {@code alpha_bar(t) = cos((t + 0.008) / 1.008 * pi / 2)^2} with each beta capped at 0.999
 * (Nichol and Dhariwal, 2021). {@code alphas_cumprod[t]} is the product of {@code 1 - beta}
 * up to {@code t}. Everything is in double precision; diffusers uses float32 here, so values
 * agree to about 1e-7 relative.
 */
final class NoiseSchedule {

    private final double[] alphasCumprod;

    NoiseSchedule(SamplerConfig config) {
        double[] betas = config.trainedBetas() != null ? config.trainedBetas().clone() : betas(config);
        alphasCumprod = new double[betas.length];
        double product = 1.0;
        for (int t = 0; t < betas.length; t++) {
            product *= 1.0 - betas[t];
            alphasCumprod[t] = product;
        }
    }

    /** Returns {@code alphas_cumprod[t]} for a training timestep {@code t}. */
    double alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    int length() {
        return alphasCumprod.length;
    }

    /** Returns the Karras-style sigma {@code sqrt((1 - a) / a)} of every training timestep. */
    double[] sigmas() {
        double[] sigmas = new double[alphasCumprod.length];
        for (int t = 0; t < sigmas.length; t++) {
            sigmas[t] = Math.sqrt((1.0 - alphasCumprod[t]) / alphasCumprod[t]);
        }
        return sigmas;
    }

    private static double[] betas(SamplerConfig config) {
        int n = config.numTrainTimesteps();
        double[] betas = new double[n];
        switch (config.betaSchedule()) {
            case "linear" -> {
                for (int i = 0; i < n; i++) {
                    betas[i] = Timesteps.linspace(config.betaStart(), config.betaEnd(), n, i);
                }
            }
            case "scaled_linear" -> {
                for (int i = 0; i < n; i++) {
                    double root = Timesteps.linspace(Math.sqrt(config.betaStart()), Math.sqrt(config.betaEnd()), n, i);
                    betas[i] = root * root;
                }
            }
            case "squaredcos_cap_v2" -> {
                for (int i = 0; i < n; i++) {
                    double t1 = (double) i / n;
                    double t2 = (double) (i + 1) / n;
                    betas[i] = Math.min(1.0 - cosineAlphaBar(t2) / cosineAlphaBar(t1), 0.999);
                }
            }
            default -> throw new IllegalArgumentException("unknown beta_schedule " + config.betaSchedule());
        }
        return betas;
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }
}
