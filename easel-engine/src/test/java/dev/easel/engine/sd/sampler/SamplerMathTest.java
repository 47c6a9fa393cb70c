package dev.easel.engine.sd.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.ModelLoadException;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Sampler timesteps, sigmas and single steps against values computed once with NumPy 1.24
 * (float64) from the formulas of diffusers' {@code EulerDiscreteScheduler},
 * {@code EulerAncestralDiscreteScheduler}, {@code DDIMScheduler} and {@code LCMScheduler}
 * ({@code set_timesteps}, {@code step}, {@code init_noise_sigma}): for example
 * {@code np.interp(timesteps, np.arange(1000), ((1 - ac) / ac) ** 0.5)} for Euler sigmas, with
 * {@code ac = np.cumprod(1 - np.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000) ** 2)}. Unless a
 * test says otherwise the config is the bundled tiny model's: SD 1.x scaled_linear betas,
 * leading spacing, steps_offset 1, epsilon, set_alpha_to_one false. The single-step tests use
 * latents {@code [1.0, -0.5]} and model output {@code [0.2, 0.3]}.
 */
class SamplerMathTest {

    private static final Offset<Double> SCHEDULE = within(1e-9);
    private static final Offset<Float> STEP = within(2e-5f);

    private static final SamplerConfig TINY = SamplerConfig.read(Path.of(System.getProperty("easel.tinySd"), "scheduler/scheduler_config.json"));

    private static SamplerConfig tinyWith(String fields) {
        return SamplerConfig.parse("{\"beta_start\":0.00085,\"beta_end\":0.012,\"beta_schedule\":\"scaled_linear\",\"steps_offset\":1,"
                + "\"set_alpha_to_one\":false,\"clip_sample\":false," + fields + "}", Path.of("test"));
    }

    private static float[] latents() {
        return new float[] {1.0f, -0.5f};
    }

    private static final float[] OUTPUT = {0.2f, 0.3f};

    @Test
    void tinyConfig_readsSdV1Fields() {
        assertThat(TINY.className()).isEqualTo("PNDMScheduler");
        assertThat(TINY.betaSchedule()).isEqualTo("scaled_linear");
        assertThat(TINY.timestepSpacing()).isEqualTo(SamplerConfig.TimestepSpacing.LEADING);
        assertThat(TINY.stepsOffset()).isEqualTo(1);
        assertThat(TINY.setAlphaToOne()).isFalse();
        assertThat(TINY.clipSample()).isFalse();
        assertThat(TINY.predictionType()).isEqualTo(SamplerConfig.PredictionType.EPSILON);
    }

    @Test
    void alphasCumprod_scaledLinear_matchesNumpy() {
        NoiseSchedule schedule = new NoiseSchedule(TINY);

        assertThat(schedule.alphaCumprod(0)).isCloseTo(0.99915, SCHEDULE);
        assertThat(schedule.alphaCumprod(1)).isCloseTo(0.9982960278384514, SCHEDULE);
        assertThat(schedule.alphaCumprod(500)).isCloseTo(0.2763326838229746, SCHEDULE);
        assertThat(schedule.alphaCumprod(999)).isCloseTo(0.00466009851307724, SCHEDULE);
    }

    @Test
    void alphasCumprod_linearAndCosine_matchNumpy() {
        NoiseSchedule linear = new NoiseSchedule(SamplerConfig.parse("{\"beta_schedule\":\"linear\",\"beta_start\":0.0001,\"beta_end\":0.02}", Path.of("test")));
        NoiseSchedule cosine = new NoiseSchedule(SamplerConfig.parse("{\"beta_schedule\":\"squaredcos_cap_v2\"}", Path.of("test")));

        assertThat(linear.alphaCumprod(0)).isCloseTo(0.9999, SCHEDULE);
        assertThat(linear.alphaCumprod(999)).isCloseTo(4.035829765375676e-05, within(1e-15));
        assertThat(cosine.alphaCumprod(0)).isCloseTo(0.99995871577517803, SCHEDULE);
        assertThat(cosine.alphaCumprod(500)).isCloseTo(0.49228517244880304, SCHEDULE);
        assertThat(cosine.alphaCumprod(999)).isCloseTo(2.4287669070348567e-09, within(1e-17));
    }

    @Test
    void euler_leadingFourSteps_timestepsAndSigmas() {
        EulerSampler sampler = (EulerSampler) SamplerKind.EULER.create(TINY, 4, 1.0);

        assertThat(sampler.timesteps()).containsExactly(751, 501, 251, 1);
        assertThat(sampler.sigma(0)).isCloseTo(4.116696479276065, SCHEDULE);
        assertThat(sampler.sigma(1)).isCloseTo(1.623692081515863, SCHEDULE);
        assertThat(sampler.sigma(2)).isCloseTo(0.6983980911630334, SCHEDULE);
        assertThat(sampler.sigma(3)).isCloseTo(0.04131441199678309, SCHEDULE);
        assertThat(sampler.sigma(4)).isZero();
        assertThat(sampler.initNoiseSigma()).as("leading spacing: sqrt(max^2 + 1)").isCloseTo(4.236412385791066, SCHEDULE);
        assertThat(sampler.inputScale(0)).isCloseTo(1 / Math.sqrt(4.116696479276065 * 4.116696479276065 + 1), SCHEDULE);
    }

    @Test
    void euler_linspaceFiveSteps_interpolatesFractionalTimesteps() {
        EulerSampler sampler = (EulerSampler) SamplerKind.EULER.create(tinyWith("\"timestep_spacing\":\"linspace\""), 5, 1.0);

        assertThat(sampler.timesteps()).containsExactly(999, 749.25, 499.5, 249.75, 0);
        assertThat(sampler.sigma(0)).isCloseTo(14.614641229333639, SCHEDULE);
        assertThat(sampler.sigma(1)).isCloseTo(4.08608803547124, SCHEDULE);
        assertThat(sampler.sigma(2)).isCloseTo(1.6155825101612464, SCHEDULE);
        assertThat(sampler.sigma(3)).isCloseTo(0.6951504277059113, SCHEDULE);
        assertThat(sampler.sigma(4)).isCloseTo(0.02916715815172037, SCHEDULE);
        assertThat(sampler.initNoiseSigma()).as("linspace spacing: max sigma").isCloseTo(14.614641229333639, SCHEDULE);
    }

    @Test
    void euler_trailingFourSteps_timestepsAndSigmas() {
        EulerSampler sampler = (EulerSampler) SamplerKind.EULER.create(tinyWith("\"timestep_spacing\":\"trailing\""), 4, 1.0);

        assertThat(sampler.timesteps()).containsExactly(999, 749, 499, 249);
        assertThat(sampler.sigma(1)).isCloseTo(4.081729363724308, SCHEDULE);
        assertThat(sampler.sigma(3)).isCloseTo(0.6932048996386885, SCHEDULE);
        assertThat(sampler.initNoiseSigma()).isCloseTo(14.614641229333639, SCHEDULE);
    }

    @Test
    void euler_stepEpsilon_matchesDiffusers() {
        float[] x = latents();
        SamplerKind.EULER.create(TINY, 4, 1.0).step(0, OUTPUT, x, new GaussianNoise(0));

        assertThat(x[0]).isCloseTo(0.5013991204479595f, STEP);
        assertThat(x[1]).isCloseTo(-1.2479013193280606f, STEP);
    }

    @Test
    void euler_stepVPrediction_matchesDiffusers() {
        float[] x = latents();
        SamplerKind.EULER.create(tinyWith("\"prediction_type\":\"v_prediction\",\"timestep_spacing\":\"leading\""), 4, 1.0)
                .step(0, OUTPUT, x, new GaussianNoise(0));

        assertThat(x[0]).isCloseTo(0.3104646779790867f, STEP);
        assertThat(x[1]).isCloseTo(-0.39062060346745325f, STEP);
    }

    @Test
    void eulerAncestral_step_movesToSigmaDownAndAddsSigmaUpNoise() {
        float[] x = latents();
        SamplerKind.EULER_ANCESTRAL.create(TINY, 4, 1.0).step(0, OUTPUT, x, new GaussianNoise(5));
        GaussianNoise sameStream = new GaussianNoise(5);
        double sigmaUp = 1.4920624202660862;

        assertThat(x[0]).isCloseTo((float) (0.3047428199310317 + sigmaUp * sameStream.nextGaussian()), STEP);
        assertThat(x[1]).isCloseTo((float) (-1.5428857701034524 + sigmaUp * sameStream.nextGaussian()), STEP);
    }

    @Test
    void ddim_timestepsForEachSpacing() {
        assertThat(SamplerKind.DDIM.create(TINY, 4, 1.0).timesteps()).containsExactly(751, 501, 251, 1);
        assertThat(SamplerKind.DDIM.create(tinyWith("\"timestep_spacing\":\"linspace\""), 7, 1.0).timesteps())
                .containsExactly(999, 832, 666, 500, 333, 166, 0);
        assertThat(SamplerKind.DDIM.create(tinyWith("\"timestep_spacing\":\"trailing\""), 3, 1.0).timesteps())
                .containsExactly(999, 666, 332);
    }

    @Test
    void ddim_stepEpsilonAndV_matchDiffusers() {
        float[] epsilon = latents();
        SamplerKind.DDIM.create(TINY, 4, 1.0).step(0, OUTPUT, epsilon, new GaussianNoise(0));
        float[] velocity = latents();
        SamplerKind.DDIM.create(tinyWith("\"prediction_type\":\"v_prediction\",\"timestep_spacing\":\"leading\""), 4, 1.0)
                .step(0, OUTPUT, velocity, new GaussianNoise(0));

        assertThat(epsilon[0]).isCloseTo(1.9601215646463288f, STEP);
        assertThat(epsilon[1]).isCloseTo(-1.5029969092681832f, STEP);
        assertThat(velocity[0]).isCloseTo(0.8894739530484642f, STEP);
        assertThat(velocity[1]).isCloseTo(-0.5681754143635103f, STEP);
    }

    @Test
    void ddim_lastStep_usesAlphasCumprodZeroAsFinalAlpha() {
        float[] x = latents();
        SamplerKind.DDIM.create(TINY, 4, 1.0).step(3, OUTPUT, x, new GaussianNoise(0));

        assertThat(x[0]).isCloseTo(0.9979992054312024f, STEP);
        assertThat(x[1]).isCloseTo(-0.5038564387814664f, STEP);
    }

    @Test
    void lcm_timestepsFromOriginalFiftySteps() {
        assertThat(SamplerKind.LCM.create(TINY, 4, 1.0).timesteps()).containsExactly(999, 759, 499, 259);
        assertThat(SamplerKind.LCM.create(TINY, 6, 1.0).timesteps()).containsExactly(999, 839, 679, 499, 339, 179);
        assertThat(SamplerKind.LCM.create(TINY, 4, 0.5).timesteps()).containsExactly(499, 379, 259, 139);
    }

    @Test
    void lcm_lastStep_returnsDenoisedWithoutNoise() {
        float[] x = latents();
        SamplerKind.LCM.create(TINY, 4, 1.0).step(3, OUTPUT, x, new GaussianNoise(0));

        assertThat(x[0]).isCloseTo(1.0879954490867765f, STEP);
        assertThat(x[1]).isCloseTo(-0.831749567303719f, STEP);
    }

    @Test
    void lcm_tooManySteps_rejects() {
        assertThatThrownBy(() -> SamplerKind.LCM.create(TINY, 51, 1.0))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("steps = 51: must be at most 50 for the lcm sampler");
    }

    @Test
    void img2img_strengthHalf_keepsLastHalfOfSchedule() {
        Sampler sampler = SamplerKind.EULER.create(TINY, 10, 0.5);

        assertThat(sampler.timesteps()).containsExactly(401, 301, 201, 101, 1);
        assertThat(sampler.noisedStart().signal()).isEqualTo(1.0);
        assertThat(sampler.noisedStart().noise()).isCloseTo(1.1682159550479787, SCHEDULE);
    }

    @Test
    void img2img_strengthTooSmall_rejects() {
        assertThatThrownBy(() -> SamplerKind.DDIM.create(TINY, 4, 0.2))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("strength = 0.2: leaves no step to run with steps = 4; steps x strength must be at least 1");
    }

    @Test
    void config_unsupportedSwitch_rejects() {
        assertThatThrownBy(() -> tinyWith("\"use_karras_sigmas\":true"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("test: use_karras_sigmas = true is not supported by Easel's samplers; set it to false or remove it");
        assertThatThrownBy(() -> tinyWith("\"prediction_type\":\"sample\""))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("test: prediction_type 'sample' is not supported; use epsilon or v_prediction");
    }

    @Test
    void samplerKind_forSchedulerClass() {
        assertThat(SamplerKind.forSchedulerClass("PNDMScheduler")).isEqualTo(SamplerKind.EULER);
        assertThat(SamplerKind.forSchedulerClass("LCMScheduler")).isEqualTo(SamplerKind.LCM);
        assertThat(SamplerKind.forSchedulerClass("DDIMScheduler")).isEqualTo(SamplerKind.DDIM);
        assertThat(SamplerKind.forSchedulerClass("EulerAncestralDiscreteScheduler")).isEqualTo(SamplerKind.EULER_ANCESTRAL);
    }
}
