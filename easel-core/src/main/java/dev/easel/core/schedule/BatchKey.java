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

    /**
     * Compares component by component as the implicit record method does ({@link Double#compare}
     * for the guidance). Written out because batch searches compare keys in their inner loops, and
     * the implicit method runs through method handles nested too deep to inline.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof BatchKey other
                && width == other.width && height == other.height && steps == other.steps
                && Double.compare(guidance, other.guidance) == 0
                && model.equals(other.model) && capability.equals(other.capability)
                && sampler.equals(other.sampler) && loras.equals(other.loras);
    }

    /**
     * Returns the value the implicit record method returns on Java 17 (each component's hash added
     * to 31 times the previous ones, in declaration order), so maps keep their order, without its
     * method handles.
     */
    @Override
    public int hashCode() {
        int hash = model.hashCode();
        hash = 31 * hash + capability.hashCode();
        hash = 31 * hash + Integer.hashCode(width);
        hash = 31 * hash + Integer.hashCode(height);
        hash = 31 * hash + Integer.hashCode(steps);
        hash = 31 * hash + sampler.hashCode();
        hash = 31 * hash + Double.hashCode(guidance);
        return 31 * hash + loras.hashCode();
    }
}
