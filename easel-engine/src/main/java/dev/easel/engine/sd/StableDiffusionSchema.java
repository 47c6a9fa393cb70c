package dev.easel.engine.sd;

import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.ParameterSchema;
import dev.easel.engine.ParameterSpec;
import dev.easel.engine.sd.sampler.SamplerKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parameter schema of a Stable Diffusion model, with its size limits.
 *
 * <p>Width and height default to the model's native size, must be multiples of its size
 * multiple and may reach four times the native size. Batch-key parameters (width, height, steps,
 * guidance, sampler, strength) must be equal across the jobs of one batch.
 */
public final class StableDiffusionSchema {

    public static final String PROMPT = "prompt";
    public static final String NEGATIVE_PROMPT = "negative_prompt";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String STEPS = "steps";
    public static final String GUIDANCE = "guidance";
    public static final String SAMPLER = "sampler";
    public static final String SEED = "seed";
    public static final String IMAGES = "images";
    public static final String STRENGTH = "strength";
    public static final String IMAGE = "image";

    static final int MAX_PROMPT_CHARS = 2000;
    static final int MAX_STEPS = 150;
    static final int MAX_IMAGES_PER_JOB = 4;
    /** Largest seed, 2^53 - 1, so seeds survive JSON numbers in every client. */
    static final long MAX_SEED = (1L << 53) - 1;

    private StableDiffusionSchema() {
    }

    /** Returns the schema for a model with this native size, size multiple and default sampler. */
    public static ParameterSchema of(int nativeSize, int sizeMultiple, SamplerKind defaultSampler) {
        int maxSize = 4 * nativeSize;
        return new ParameterSchema(List.of(
                ParameterSpec.text(PROMPT, null, MAX_PROMPT_CHARS, "What the image shows."),
                ParameterSpec.text(NEGATIVE_PROMPT, "", MAX_PROMPT_CHARS, "What the image should not show; used only when guidance is above 1."),
                ParameterSpec.integer(WIDTH, nativeSize, sizeMultiple, maxSize, sizeMultiple, true, "Image width in pixels."),
                ParameterSpec.integer(HEIGHT, nativeSize, sizeMultiple, maxSize, sizeMultiple, true, "Image height in pixels."),
                ParameterSpec.integer(STEPS, 20, 1, MAX_STEPS, null, true, "Denoising steps."),
                ParameterSpec.number(GUIDANCE, 7.5, 0, 30, true, "Classifier-free guidance scale; 1 or less turns guidance off (turbo and LCM models)."),
                ParameterSpec.choice(SAMPLER, defaultSampler.wireName(), SamplerKind.wireNames(), true, "Denoising sampler."),
                new ParameterSpec(SEED, ParameterSpec.Type.INTEGER, -1L, -1L, MAX_SEED, null, List.of(), false,
                        "Seed of the first image; image k uses seed + k. -1 picks a random seed."),
                ParameterSpec.integer(IMAGES, 1, 1, MAX_IMAGES_PER_JOB, null, false, "Images to make."),
                ParameterSpec.number(STRENGTH, 0.8, 0, 1, true, "img2img only: how far to move from the init image, greater than 0 and at most 1."),
                ParameterSpec.image(IMAGE, false, "img2img only: the init image.")));
    }

    /**
     * Checks that two jobs' resolved parameters agree on every batch-key parameter.
     *
     * @throws InvalidParametersException naming the first parameter that differs
     */
    static void checkSameBatchKey(ParameterSchema schema, Map<String, Object> first, Map<String, Object> other) {
        for (ParameterSpec spec : schema.parameters()) {
            if (spec.batchKey() && !Objects.equals(first.get(spec.name()), other.get(spec.name()))) {
                throw new InvalidParametersException(spec.name(), other.get(spec.name()),
                        "must equal " + first.get(spec.name()) + " as in the batch's first job, because it is part of the batch key");
            }
        }
    }
}
