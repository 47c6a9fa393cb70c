package dev.easel.core.cost;

import java.util.Map;
import java.util.Objects;

/**
 * Configured starting points of the cost model, used until observed run times replace them.
 *
 * <p>A job's prior solo cost is {@code base * (pixels / referencePixels) * (steps / referenceSteps)
 * * (1 + loraOverhead * loraCount) * (1 + batchEfficiency * (images - 1))}, where {@code base} comes
 * from {@code secondsByModel}, then {@code secondsByCapability}, then {@code defaultSeconds}. A factor
 * whose input is 0 (no fixed size, no steps) is 1.
 *
 * @param secondsByCapability solo seconds of one image at the reference size and steps, by capability
 *                            wire name (for example {@code txt2img})
 * @param secondsByModel      the same, by model version; takes precedence over the capability
 * @param defaultSeconds      the same, for anything not listed
 * @param referencePixels     pixel count the base seconds refer to, for example 512 * 512
 * @param referenceSteps      step count the base seconds refer to
 * @param loraOverhead        extra fraction of cost per LoRA adapter, for example 0.1
 * @param batchEfficiency     cost of each extra job in a batch as a fraction of its solo cost; 1 means
 *                            batching saves nothing. Also the starting point of the cost of each extra
 *                            image in one job, which the cost model learns separately
 * @param defaultLoadSeconds  time to load a model onto a worker that does not have it
 * @param loadSecondsByModel  the same, by model version
 */
public record CostPriors(
        Map<String, Double> secondsByCapability,
        Map<String, Double> secondsByModel,
        double defaultSeconds,
        long referencePixels,
        int referenceSteps,
        double loraOverhead,
        double batchEfficiency,
        double defaultLoadSeconds,
        Map<String, Double> loadSecondsByModel) {

    public CostPriors {
        secondsByCapability = Map.copyOf(secondsByCapability);
        secondsByModel = Map.copyOf(secondsByModel);
        loadSecondsByModel = Map.copyOf(loadSecondsByModel);
        requirePositive("defaultSeconds", defaultSeconds);
        requirePositive("referencePixels", referencePixels);
        requirePositive("referenceSteps", referenceSteps);
        requirePositive("batchEfficiency", batchEfficiency);
        requirePositive("defaultLoadSeconds", defaultLoadSeconds);
        if (loraOverhead < 0) {
            throw new IllegalArgumentException("loraOverhead must be 0 or more, was " + loraOverhead);
        }
        secondsByCapability.forEach((name, value) -> requirePositive("secondsByCapability." + name, value));
        secondsByModel.forEach((name, value) -> requirePositive("secondsByModel." + name, value));
        loadSecondsByModel.forEach((name, value) -> requirePositive("loadSecondsByModel." + name, value));
    }

    /**
     * Returns priors for a mid-range GPU: a 512x512, 20-step txt2img image in 2 s, each extra
     * batched job at 60 % of its solo cost, and a 20 s model load.
     *
     * <p>Note that these are starting guesses, not measurements; the model replaces them with
     * observed run times after a few jobs. The load time is near the median base-model switch seen
     * in one production Stable Diffusion service (22.7 s).
     */
    public static CostPriors defaults() {
        return new CostPriors(
                Map.of("txt2img", 2.0, "img2img", 1.6, "upscale", 1.5, "remove_background", 0.3),
                Map.of(),
                2.0,
                512L * 512L,
                20,
                0.1,
                0.6,
                20.0,
                Map.of());
    }

    /** Returns a copy with another base cost for one model version. */
    public CostPriors withModelSeconds(String model, double seconds) {
        Map<String, Double> copy = new java.util.HashMap<>(secondsByModel);
        copy.put(Objects.requireNonNull(model, "model"), seconds);
        return new CostPriors(secondsByCapability, copy, defaultSeconds, referencePixels, referenceSteps,
                loraOverhead, batchEfficiency, defaultLoadSeconds, loadSecondsByModel);
    }

    /** Returns a copy with another load time for one model version. */
    public CostPriors withLoadSeconds(String model, double seconds) {
        Map<String, Double> copy = new java.util.HashMap<>(loadSecondsByModel);
        copy.put(Objects.requireNonNull(model, "model"), seconds);
        return new CostPriors(secondsByCapability, secondsByModel, defaultSeconds, referencePixels, referenceSteps,
                loraOverhead, batchEfficiency, defaultLoadSeconds, copy);
    }

    /** Returns a copy with another batch efficiency (cost of each extra batched job as a fraction of solo). */
    public CostPriors withBatchEfficiency(double efficiency) {
        return new CostPriors(secondsByCapability, secondsByModel, defaultSeconds, referencePixels, referenceSteps,
                loraOverhead, efficiency, defaultLoadSeconds, loadSecondsByModel);
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a positive finite number, was " + value);
        }
    }
}
