package dev.easel.engine.sd.sampler;

import dev.easel.engine.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of a diffusers {@code scheduler_config.json} that Easel's samplers use.
 *
 * <p>Missing fields take the diffusers defaults of the sampler that reads them, which is why
 * {@code clipSample} may be {@code null}: DDIM defaults it to true, LCM to false.
 *
 * @param className              the config's {@code _class_name}, for example {@code PNDMScheduler}
 * @param numTrainTimesteps      timesteps the model was trained with, usually 1000
 * @param betaStart              first beta of the schedule
 * @param betaEnd                last beta of the schedule
 * @param betaSchedule           {@code linear}, {@code scaled_linear} or {@code squaredcos_cap_v2}
 * @param trainedBetas           explicit betas that replace the schedule, or {@code null}
 * @param predictionType         what the UNet predicts
 * @param timestepSpacing        how inference timesteps are spread over the training ones
 * @param stepsOffset            added to every timestep with {@code leading} spacing
 * @param setAlphaToOne          DDIM and LCM: whether the step after the last uses alpha 1
 * @param clipSample             DDIM and LCM: whether to clip the predicted sample, or {@code null}
 * @param clipSampleRange        the clipping bound
 * @param originalInferenceSteps LCM: the step count of the distillation schedule
 * @param timestepScaling        LCM: scale of the timestep in the boundary-condition scalings
 */
public record SamplerConfig(
        String className,
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        String betaSchedule,
        double[] trainedBetas,
        PredictionType predictionType,
        TimestepSpacing timestepSpacing,
        int stepsOffset,
        boolean setAlphaToOne,
        Boolean clipSample,
        double clipSampleRange,
        int originalInferenceSteps,
        double timestepScaling) {

    /** Switches that diffusers offers but Easel's samplers do not implement; each must be absent or false. */
    private static final List<String> UNSUPPORTED_SWITCHES = List.of(
            "rescale_betas_zero_snr", "thresholding", "use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the UNet's output stands for. */
    public enum PredictionType {
        /** The noise that was added. */
        EPSILON,
        /** The velocity {@code alpha * noise - sigma * sample} (Salimans and Ho, 2022). */
        V_PREDICTION
    }

    /** How inference timesteps are chosen among the training ones (diffusers {@code timestep_spacing}). */
    public enum TimestepSpacing { LINSPACE, LEADING, TRAILING }

    /** Returns the Stable Diffusion 1.x config (scaled_linear 0.00085..0.012, leading, offset 1, epsilon). */
    public static SamplerConfig stableDiffusionV1() {
        return parse("{\"beta_start\":0.00085,\"beta_end\":0.012,\"beta_schedule\":\"scaled_linear\","
                + "\"steps_offset\":1,\"timestep_spacing\":\"leading\",\"set_alpha_to_one\":false,\"clip_sample\":false}", Path.of("built-in"));
    }

    /**
     * Reads {@code scheduler_config.json}.
     *
     * @throws ModelLoadException when the file is missing, not JSON, or uses a value or switch
     *                            that the samplers do not support
     */
    public static SamplerConfig read(Path file) {
        try {
            return parse(Files.readString(file), file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ModelLoadException(file, "file not found", e);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    static SamplerConfig parse(String json, Path source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new ModelLoadException(source, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        for (String name : UNSUPPORTED_SWITCHES) {
            if (root.path(name).asBoolean(false)) {
                throw new ModelLoadException(source, name + " = true is not supported by Easel's samplers; set it to false or remove it", null);
            }
        }

        String schedule = text(root, "beta_schedule", "linear");
        if (!List.of("linear", "scaled_linear", "squaredcos_cap_v2").contains(schedule)) {
            throw new ModelLoadException(source, "beta_schedule '" + schedule + "' is not supported; use linear, scaled_linear or squaredcos_cap_v2", null);
        }
        int trainSteps = root.path("num_train_timesteps").asInt(1000);
        if (trainSteps < 2) {
            throw new ModelLoadException(source, "num_train_timesteps must be at least 2, was " + trainSteps, null);
        }
        return new SamplerConfig(
                text(root, "_class_name", "unknown"),
                trainSteps,
                root.path("beta_start").asDouble(0.0001),
                root.path("beta_end").asDouble(0.02),
                schedule,
                trainedBetas(root, trainSteps, source),
                predictionType(text(root, "prediction_type", "epsilon"), source),
                spacing(text(root, "timestep_spacing", "leading"), source),
                root.path("steps_offset").asInt(0),
                root.path("set_alpha_to_one").asBoolean(true),
                root.path("clip_sample").isBoolean() ? root.get("clip_sample").asBoolean() : null,
                root.path("clip_sample_range").asDouble(1.0),
                root.path("original_inference_steps").asInt(50),
                root.path("timestep_scaling").asDouble(10.0));
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode value = root.path(field);
        return value.isString() ? value.asString() : fallback;
    }

    private static double[] trainedBetas(JsonNode root, int trainSteps, Path source) {
        JsonNode betas = root.path("trained_betas");
        if (!betas.isArray()) {
            return null;
        }
        if (betas.size() != trainSteps) {
            throw new ModelLoadException(source, "trained_betas has " + betas.size() + " values but num_train_timesteps is " + trainSteps, null);
        }
        double[] values = new double[betas.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = betas.get(i).asDouble();
        }
        return values;
    }

    private static PredictionType predictionType(String value, Path source) {
        return switch (value) {
            case "epsilon" -> PredictionType.EPSILON;
            case "v_prediction" -> PredictionType.V_PREDICTION;
            default -> throw new ModelLoadException(source, "prediction_type '" + value + "' is not supported; use epsilon or v_prediction", null);
        };
    }

    private static TimestepSpacing spacing(String value, Path source) {
        try {
            return TimestepSpacing.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(source, "timestep_spacing '" + value + "' is not supported; use linspace, leading or trailing", e);
        }
    }
}
