package dev.easel.engine.sd;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The inputs of one image in a batch.
 *
 * @param prompt         the prompt
 * @param negativePrompt the negative prompt, empty for none
 * @param seed           seed of this image's noise stream
 * @param initImage      the starting image for img2img, {@code null} for txt2img
 */
public record ImageSpec(String prompt, String negativePrompt, long seed, BufferedImage initImage) {

    public ImageSpec {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(negativePrompt, "negativePrompt");
    }
}
