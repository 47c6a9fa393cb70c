package dev.easel.engine.sd;

/**
 * The guidance-scale embedding that LCM-distilled UNets take as {@code timestep_cond} in place of
 * classifier-free guidance.
 *
 * <p>Implementation notes, as diffusers' {@code LatentConsistencyModelPipeline}: with
 * {@code w = (guidance - 1) * 1000}, {@code half = size / 2} and
 * {@code f_k = exp(-k * ln(10000) / (half - 1))} for k = 0 .. half - 1, the embedding is
 * {@code [sin(w f_0) .. sin(w f_{half-1}), cos(w f_0) .. cos(w f_{half-1})]}, padded with one zero
 * when the size is odd. It is computed in double precision; diffusers uses float32, whose rounding
 * of {@code w f_k} changes values by up to about 1e-3 for large guidance.
 */
final class GuidanceEmbedding {

    private GuidanceEmbedding() {
    }

    /** Returns the embedding of {@code guidance}, {@code size} values; {@code size} is at least 4. */
    static float[] of(double guidance, int size) {
        if (size < 4) {
            throw new IllegalArgumentException("guidance embedding size must be at least 4, was " + size);
        }
        double w = (guidance - 1) * 1000.0;
        int half = size / 2;
        double exponent = Math.log(10000.0) / (half - 1);
        float[] embedding = new float[size];
        for (int k = 0; k < half; k++) {
            double angle = w * Math.exp(-k * exponent);
            embedding[k] = (float) Math.sin(angle);
            embedding[half + k] = (float) Math.cos(angle);
        }
        return embedding;
    }
}
