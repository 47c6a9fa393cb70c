package dev.easel.engine.sd;

import dev.easel.engine.sd.sampler.SamplerKind;
import java.util.List;
import java.util.Objects;

/**
 * One batch for {@link StableDiffusionPipeline}: the images and the settings they share.
 *
 * @param images   the images, at least one; all have an init image (img2img) or none do
 * @param width    image width in pixels, a multiple of the model's size multiple
 * @param height   image height in pixels, likewise
 * @param steps    denoising steps of the full schedule
 * @param guidance classifier-free guidance scale; at most 1 runs the UNet without guidance
 * @param sampler  the sampler
 * @param strength img2img only: share of the schedule to run, in (0, 1]; 1 for txt2img
 */
public record GenerationRequest(List<ImageSpec> images, int width, int height, int steps, double guidance, SamplerKind sampler, double strength) {

    public GenerationRequest {
        images = List.copyOf(images);
        Objects.requireNonNull(sampler, "sampler");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a generation needs at least one image");
        }
        long withInit = images.stream().filter(image -> image.initImage() != null).count();
        if (withInit != 0 && withInit != images.size()) {
            throw new IllegalArgumentException("either every image has an init image (img2img) or none has (txt2img)");
        }
    }

    /** Returns whether the images start from init images. */
    public boolean isImg2Img() {
        return images.get(0).initImage() != null;
    }

    /**
     * Returns whether guidance is on (above 1): classifier-free guidance, or the guidance
     * embedding of LCM-distilled UNets.
     */
    public boolean usesGuidance() {
        return guidance > 1.0;
    }
}
