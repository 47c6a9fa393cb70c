package dev.easel.engine.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.CancelledException;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.OutputImage;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.Recipe;
import dev.easel.engine.png.RecipePng;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StableDiffusionBackendTest {

    private static StableDiffusionBackend backend;

    @BeforeAll
    static void load() {
        backend = new StableDiffusionBackend(List.of(StableDiffusionBackend.ModelSource.of(TinyModel.folder())), TinyModel.sessions(), 4);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static Map<String, Object> params(String prompt, long seed, Object... more) {
        Map<String, Object> values = new HashMap<>();
        values.put("prompt", prompt);
        values.put("seed", seed);
        values.put("steps", 6);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return values;
    }

    private static List<JobOutput> run(Capability capability, List<JobInput> jobs) {
        return backend.run(new BatchRequest("tiny-sd", capability, jobs), ProgressListener.NONE, new CancellationSignal());
    }

    private static JobOutput txt2img(Map<String, Object> parameters) {
        return run(Capability.TXT2IMG, List.of(new JobInput("job", parameters, null))).get(0);
    }

    private static int[] pixels(OutputImage image) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
            return decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void models_describeTinyModel() {
        ModelInfo info = backend.models().get(0);

        assertThat(info.id()).isEqualTo("tiny-sd");
        assertThat(info.capabilities()).containsExactlyInAnyOrder(Capability.TXT2IMG, Capability.IMG2IMG);
        assertThat(info.maxBatch()).isEqualTo(4);
        assertThat(info.fileHash()).hasSize(64);
        assertThat(info.licence()).isEqualTo("unspecified");
        assertThat(info.schema().find("width").multipleOf()).isEqualTo(16);
        assertThat(info.schema().find("width").defaultValue()).isEqualTo(64);
        assertThat(info.schema().find("sampler").allowed()).containsExactly("euler", "euler_ancestral", "ddim", "lcm");
    }

    @Test
    void txt2img_defaultSize_returns64x64PngWithRecipe() {
        JobOutput output = txt2img(params("a red fox in the snow", 42));

        OutputImage image = output.images().get(0);
        assertThat(image.mediaType()).isEqualTo("image/png");
        assertThat(image.width()).isEqualTo(64);
        assertThat(image.height()).isEqualTo(64);
        assertThat(image.seed()).isEqualTo(42);
        assertThat(pixels(image)).hasSize(64 * 64);

        Recipe recipe = RecipePng.readRecipe(image.bytes()).orElseThrow();
        assertThat(recipe).isEqualTo(output.recipe());
        assertThat(recipe.backend()).isEqualTo("onnx-sd");
        assertThat(recipe.parameters()).containsEntry("sampler", "euler").containsEntry("guidance", 7.5).containsEntry("seed", 42L);
    }

    @Test
    void txt2img_nonSquare_returnsRequestedShape() {
        OutputImage image = txt2img(params("a cat", 1, "width", 96, "height", 64)).images().get(0);

        assertThat(image.width()).isEqualTo(96);
        assertThat(image.height()).isEqualTo(64);
        assertThat(pixels(image)).hasSize(96 * 64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler", "euler_ancestral", "ddim", "lcm"})
    void txt2img_sameSeedTwice_givesIdenticalPixels(String sampler) {
        int[] first = pixels(txt2img(params("a red fox", 7, "sampler", sampler)).images().get(0));
        int[] second = pixels(txt2img(params("a red fox", 7, "sampler", sampler)).images().get(0));
        int[] otherSeed = pixels(txt2img(params("a red fox", 8, "sampler", sampler)).images().get(0));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler", "euler_ancestral"})
    void batchOfFour_givesSamePixelsAsAlone(String sampler) {
        Map<String, Object> target = params("a red fox in the snow", 1234, "sampler", sampler, "negative_prompt", "blurry");
        int[] alone = pixels(txt2img(target).images().get(0));

        List<JobInput> batch = List.of(
                new JobInput("a", params("a blue house", 5, "sampler", sampler), null),
                new JobInput("b", params("snow on the mountain", 99, "sampler", sampler, "negative_prompt", "dark"), null),
                new JobInput("target", target, null),
                new JobInput("d", params("zebra", 3, "sampler", sampler), null));
        List<JobOutput> outputs = run(Capability.TXT2IMG, batch);

        assertThat(outputs).extracting(JobOutput::jobId).containsExactly("a", "b", "target", "d");
        assertThat(pixels(outputs.get(2).images().get(0))).isEqualTo(alone);
        assertThat(pixels(outputs.get(0).images().get(0))).isNotEqualTo(alone);
    }

    @Test
    void concurrentBatches_giveSamePixelsAsSequential() throws Exception {
        int[] expectedFox = pixels(txt2img(params("a red fox", 21)).images().get(0));
        int[] expectedHouse = pixels(txt2img(params("a blue house", 22, "sampler", "euler_ancestral")).images().get(0));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var fox = pool.submit(() -> pixels(txt2img(params("a red fox", 21)).images().get(0)));
            var house = pool.submit(() -> pixels(txt2img(params("a blue house", 22, "sampler", "euler_ancestral")).images().get(0)));

            assertThat(fox.get()).isEqualTo(expectedFox);
            assertThat(house.get()).isEqualTo(expectedHouse);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void images_perJob_useConsecutiveSeeds() {
        JobOutput output = txt2img(params("a red fox", 10, "images", 2));
        int[] seedEleven = pixels(txt2img(params("a red fox", 11)).images().get(0));

        assertThat(output.images()).extracting(OutputImage::seed).containsExactly(10L, 11L);
        assertThat(pixels(output.images().get(1))).isEqualTo(seedEleven);
        assertThat(output.recipe().seed()).isEqualTo(10);
    }

    @Test
    void images_embeddedRecipe_replaysThatImage() {
        JobOutput output = txt2img(params("a red fox", 10, "images", 2));
        Recipe second = RecipePng.readRecipe(output.images().get(1).bytes()).orElseThrow();

        JobOutput replay = txt2img(new HashMap<>(second.parameters()));

        assertThat(second.seed()).isEqualTo(11);
        assertThat(second.parameters()).containsEntry("seed", 11L).containsEntry("images", 1L);
        assertThat(pixels(replay.images().get(0))).isEqualTo(pixels(output.images().get(1)));
        assertThat(output.recipe().parameters()).containsEntry("seed", 10L).containsEntry("images", 2L);
    }

    @Test
    void txt2img_recipe_leavesOutStrength() {
        JobOutput output = txt2img(params("a red fox", 3, "strength", 0.5));

        assertThat(output.recipe().parameters()).doesNotContainKey("strength");
    }

    @Test
    void randomSeed_isRecordedInRecipe() {
        JobOutput output = txt2img(params("a red fox", -1));

        long seed = output.recipe().seed();
        assertThat(seed).isBetween(0L, (1L << 32) - 1);
        assertThat(output.recipe().parameters()).containsEntry("seed", seed);
        assertThat(pixels(txt2img(params("a red fox", seed)).images().get(0))).isEqualTo(pixels(output.images().get(0)));
    }

    @Test
    void progress_reportsEveryStep() {
        List<int[]> steps = new ArrayList<>();
        backend.run(new BatchRequest("tiny-sd", Capability.TXT2IMG, List.of(new JobInput("j", params("a fox", 1), null))),
                (step, total) -> steps.add(new int[] {step, total}), new CancellationSignal());

        assertThat(steps).hasSize(6);
        assertThat(steps.get(0)).containsExactly(1, 6);
        assertThat(steps.get(5)).containsExactly(6, 6);
    }

    @Test
    void cancellation_stopsAtNextStepBoundary() {
        CancellationSignal cancellation = new CancellationSignal();
        List<Integer> steps = new ArrayList<>();
        ProgressListener cancelAfterTwo = (step, total) -> {
            steps.add(step);
            if (step == 2) {
                cancellation.cancel();
            }
        };

        assertThatThrownBy(() -> backend.run(new BatchRequest("tiny-sd", Capability.TXT2IMG,
                List.of(new JobInput("j", params("a fox", 1), null))), cancelAfterTwo, cancellation))
                .isInstanceOf(CancelledException.class);
        assertThat(steps).containsExactly(1, 2);
    }

    @Test
    void guidanceOne_runsWithoutUnconditionalBatch() {
        long callsBefore = backend.sessionCallTimer().calls();
        int[] unguided = pixels(txt2img(params("a fox", 3, "guidance", 1.0)).images().get(0));
        long calls = backend.sessionCallTimer().calls() - callsBefore;
        int[] guided = pixels(txt2img(params("a fox", 3, "guidance", 7.5)).images().get(0));

        assertThat(calls).as("text encoder + 6 UNet steps + VAE decoder").isEqualTo(8);
        assertThat(unguided).isNotEqualTo(guided);
    }

    @Test
    void img2img_strengthHalf_runsHalfTheSteps() {
        BufferedImage init = new BufferedImage(80, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 80; x++) {
                init.setRGB(x, y, (x * 3) << 16 | (y * 5) << 8 | 128);
            }
        }
        List<Integer> totals = new ArrayList<>();
        Map<String, Object> parameters = params("a fox", 9, "strength", 0.5, "steps", 10);

        JobOutput output = backend.run(new BatchRequest("tiny-sd", Capability.IMG2IMG, List.of(new JobInput("j", parameters, init))),
                (step, total) -> totals.add(total), new CancellationSignal()).get(0);
        JobOutput again = run(Capability.IMG2IMG, List.of(new JobInput("j", parameters, init))).get(0);
        JobOutput fromText = txt2img(params("a fox", 9, "steps", 10));

        assertThat(totals).hasSize(5).containsOnly(5);
        assertThat(output.images().get(0).width()).isEqualTo(64);
        assertThat(output.recipe().capability()).isEqualTo("img2img");
        assertThat(pixels(again.images().get(0))).isEqualTo(pixels(output.images().get(0)));
        assertThat(pixels(output.images().get(0))).isNotEqualTo(pixels(fromText.images().get(0)));
    }

    @Test
    void img2img_withoutImage_rejects() {
        assertThatThrownBy(() -> run(Capability.IMG2IMG, List.of(new JobInput("j", params("a fox", 1), null))))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("image: is required for img2img");
    }

    @Test
    void batch_differentBatchKey_rejects() {
        List<JobInput> jobs = List.of(
                new JobInput("a", params("a fox", 1), null),
                new JobInput("b", params("a fox", 2, "steps", 7), null));

        assertThatThrownBy(() -> run(Capability.TXT2IMG, jobs))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("steps = 7: must equal 6");
    }

    @Test
    void unknownModel_rejects() {
        assertThatThrownBy(() -> backend.run(new BatchRequest("sd15", Capability.TXT2IMG, List.of(new JobInput("j", params("x", 1), null))),
                ProgressListener.NONE, new CancellationSignal()))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("model = sd15: is not served by back end onnx-sd; known: [tiny-sd]");
    }

    @Test
    void badParameters_rejectWithFieldValueAndRule() {
        assertThatThrownBy(() -> txt2img(params("x", 1, "width", 70))).hasMessage("width = 70: must be a multiple of 16");
        assertThatThrownBy(() -> txt2img(params("x", 1, "steps", 0))).hasMessage("steps = 0: must be at least 1");
        assertThatThrownBy(() -> txt2img(params("x", 1, "guidance", -1.0))).hasMessage("guidance = -1.0: must be at least 0.0");
        assertThatThrownBy(() -> txt2img(params("x", 1, "strength", 1.5))).hasMessage("strength = 1.5: must be at most 1.0");
        assertThatThrownBy(() -> txt2img(params("x", 1, "sampler", "pndm"))).hasMessage("sampler = pndm: must be one of [euler, euler_ancestral, ddim, lcm]");
    }
}
