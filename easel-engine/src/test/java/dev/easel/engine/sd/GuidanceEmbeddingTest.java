package dev.easel.engine.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Expected values computed once with NumPy 1.24 (float64) from diffusers'
 * {@code get_guidance_scale_embedding}: {@code w = (g - 1) * 1000}, {@code half = d // 2},
 * {@code f = exp(arange(half) * -log(10000) / (half - 1))}, {@code [sin(w f), cos(w f)]},
 * padded with a zero for odd {@code d}.
 */
class GuidanceEmbeddingTest {

    @Test
    void guidanceEight_sizeEight_matchesNumpy() {
        float[] expected = {0.50688543f, -0.97047082f, 0.5866536f, 0.64421769f, 0.86201343f, -0.24121856f, -0.80983798f, 0.76484219f};

        float[] embedding = GuidanceEmbedding.of(8.0, 8);

        for (int i = 0; i < expected.length; i++) {
            assertThat(embedding[i]).as("index %d", i).isCloseTo(expected[i], within(1e-6f));
        }
    }

    @Test
    void oddSize_padsWithZero() {
        float[] expected = {-0.46777181f, 0.04997917f, -0.88384927f, 0.99875026f, 0f};

        float[] embedding = GuidanceEmbedding.of(1.5, 5);

        for (int i = 0; i < expected.length; i++) {
            assertThat(embedding[i]).as("index %d", i).isCloseTo(expected[i], within(1e-6f));
        }
    }
}
