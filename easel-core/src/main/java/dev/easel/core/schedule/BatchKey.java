package dev.easel.core.schedule;

import java.util.List;
import java.util.Objects;

/**
 * Everything that must be equal for jobs to share one forward pass on a model back end.
 *
 * <p>Prompts, negative prompts, seeds and input images may differ inside a batch; these fields may
 * not. {@code model} is a concrete model version (for example {@code tiny-sd@1}), never an alias.
 * {@code loras} is kept sorted so that two jobs naming the same LoRA set compare equal.
 *
 * @param model      model version id
 * @param capability capability wire name, for example {@code txt2img}
 * @param width      output width in pixels, 0 where the capability has no fixed size
 * @param height     output height in pixels, 0 where the capability has no fixed size
 * @param steps      denoising steps, 0 where the capability has none
 * @param sampler    sampler name, empty where the capability has none
 * @param guidance   classifier-free guidance scale, 0 where the capability has none
 * @param loras      LoRA adapters with their weights, sorted, for example {@code style-ink:0.8}
 */
public record BatchKey(
        String model,
        String capability,
        int width,
        int height,
        int steps,
        String sampler,
        double guidance,
        List<String> loras) {

    public BatchKey {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(capability, "capability");
        sampler = sampler == null ? "" : sampler;
        loras = loras == null ? List.of() : loras.stream().sorted().toList();
    }

    /** Returns a key for a capability without size, steps or sampler, such as background removal. */
    public static BatchKey of(String model, String capability) {
        return new BatchKey(model, capability, 0, 0, 0, "", 0, List.of());
    }

    /** Returns the output pixel count, or 0 when the key has no fixed size. */
    public long pixels() {
        return (long) width * height;
    }
}
