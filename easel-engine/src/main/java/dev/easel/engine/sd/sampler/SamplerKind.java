package dev.easel.engine.sd.sampler;

import dev.easel.engine.InvalidParametersException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The samplers Easel implements. diffusers calls these schedulers; in Easel a scheduler is the
 * job scheduler, so the denoising algorithms are samplers.
 */
public enum SamplerKind {

    /** Euler method on the probability-flow ODE (Karras et al., 2022), diffusers {@code EulerDiscreteScheduler}. */
    EULER,
    /** Euler with fresh noise each step, diffusers {@code EulerAncestralDiscreteScheduler}. */
    EULER_ANCESTRAL,
    /** Deterministic DDIM with eta 0 (Song et al., 2020), diffusers {@code DDIMScheduler}. */
    DDIM,
    /** Latent consistency model sampling (Luo et al., 2023), diffusers {@code LCMScheduler}. */
    LCM;

    /** Returns the name used in parameters and recipes, for example {@code euler_ancestral}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns every wire name, in declaration order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(SamplerKind::wireName).toList();
    }

    /** Returns the sampler with this wire name, if any. */
    public static Optional<SamplerKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(name)).findFirst();
    }

    /** Returns the sampler that matches a diffusers scheduler class name, Euler for any other class. */
    public static SamplerKind forSchedulerClass(String className) {
        return switch (className) {
            case "EulerAncestralDiscreteScheduler" -> EULER_ANCESTRAL;
            case "DDIMScheduler" -> DDIM;
            case "LCMScheduler" -> LCM;
            default -> EULER;
        };
    }

    /**
     * Sets this sampler up for a run.
     *
     * @param config   the model's scheduler config
     * @param steps    requested denoising steps, at least 1
     * @param strength 1 for txt2img; for img2img the share of the schedule to run, in (0, 1]
     * @throws InvalidParametersException when steps and strength leave no step to run or exceed
     *                                    what the schedule allows
     */
    public Sampler create(SamplerConfig config, int steps, double strength) {
        if (steps < 1 || steps > config.numTrainTimesteps()) {
            throw new InvalidParametersException("steps", steps, "must be between 1 and " + config.numTrainTimesteps());
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new InvalidParametersException("strength", strength, "must be greater than 0 and at most 1");
        }
        NoiseSchedule schedule = new NoiseSchedule(config);
        return switch (this) {
            case EULER -> EulerSampler.create(config, schedule, steps, firstStep(steps, strength), false);
            case EULER_ANCESTRAL -> EulerSampler.create(config, schedule, steps, firstStep(steps, strength), true);
            case DDIM -> DdimSampler.create(config, schedule, steps, firstStep(steps, strength));
            case LCM -> LcmSampler.create(config, schedule, steps, strength);
        };
    }

    /**
     * Returns the first step that img2img runs: diffusers keeps the last
     * {@code min(floor(steps * strength), steps)} steps of the full schedule.
     */
    static int firstStep(int steps, double strength) {
        int kept = Math.min((int) (steps * strength), steps);
        if (kept < 1) {
            throw new InvalidParametersException("strength", strength,
                    "leaves no step to run with steps = " + steps + "; steps x strength must be at least 1");
        }
        return steps - kept;
    }
}
