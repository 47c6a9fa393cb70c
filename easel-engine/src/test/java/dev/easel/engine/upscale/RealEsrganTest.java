package dev.easel.engine.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.CancelledException;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.fetch.FetchedModels;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real-ESRGAN x4fast on a real photo: a 160 × 120 crop of {@code coffee.png} (cup rim, saucer and
 * wood grain), small enough to keep the test quick.
 */
class RealEsrganTest {

    private static final String MODEL = "realesrgan-x4fast";

    private static UpscaleBackend backend;
    private static BufferedImage crop;
    private static BufferedImage upscaled;

    @BeforeAll
    static void upscaleOnce() throws IOException {
        backend = new UpscaleBackend(FetchedModels.modelsDir());
        BufferedImage coffee = ImageIO.read(Path.of(System.getProperty("easel.repoRoot"), "samples/photos/coffee.png").toFile());
        crop = coffee.getSubimage(300, 60, 160, 120);
        upscaled = backend.upscale(MODEL, crop, 4, ProgressListener.NONE);
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    @Test
    void upscale_photo_isFourTimesTheSize() {
        assertThat(upscaled.getWidth()).isEqualTo(640);
        assertThat(upscaled.getHeight()).isEqualTo(480);
    }

    @Test
    void upscale_photo_usesTheFullRangeLikeTheInput() {
        int[] inputRange = channelRange(crop);
        int[] outputRange = channelRange(upscaled);

        // A real upscale keeps dark and bright areas: its range spans at least 80 % of the input's.
        assertThat(outputRange[1] - outputRange[0]).isGreaterThanOrEqualTo((inputRange[1] - inputRange[0]) * 8 / 10);
    }

    @Test
    void upscale_photo_staysCloseToBicubicButNotEqual() {
        BufferedImage bicubic = bicubic(crop, 4);

        double meanDifference = meanAbsoluteDifference(upscaled, bicubic);

        // Same picture: on average within 12 levels of a bicubic upscale. A wrong channel order,
        // a shifted grid or a bad weight gives tens of levels. Sharper than bicubic: not identical.
        assertThat(meanDifference).isLessThan(12.0).isGreaterThan(0.5);
    }

    @Test
    void upscale_smallTiles_matchOneTileWithinAFewLevels() {
        try (UpscaleBackend tiled = new UpscaleBackend(FetchedModels.modelsDir(), 48)) {
            List<Integer> steps = new ArrayList<>();
            BufferedImage result = tiled.upscale(MODEL, crop, 4, (step, total) -> steps.add(total));

            assertThat(steps).hasSize(4 * 3);
            assertThat(meanAbsoluteDifference(result, upscaled)).isLessThan(0.1);
            assertThat(UpscalerJsFixtureTest.maxChannelDifference(result, upscaled)).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void run_job_returnsPngAndRecipe() throws IOException {
        JobInput job = new JobInput("job-7", Map.of("scale", 4L), crop.getSubimage(0, 0, 40, 30));

        List<JobOutput> outputs = backend.run(new BatchRequest(MODEL, Capability.UPSCALE, List.of(job)), ProgressListener.NONE, new CancellationSignal());

        JobOutput output = outputs.get(0);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(output.images().get(0).bytes()));
        assertThat(png.getWidth()).isEqualTo(160);
        assertThat(png.getHeight()).isEqualTo(120);
        assertThat(output.recipe().modelId()).isEqualTo(MODEL);
        assertThat(output.recipe().backend()).isEqualTo(UpscaleBackend.ID);
        assertThat(output.recipe().fileHash()).matches("[0-9a-f]{64}");
        assertThat(output.recipe().parameters()).containsEntry("scale", 4L);
    }

    @Test
    void run_unsupportedScale_rejectsNamingTheAllowedOnes() {
        JobInput job = new JobInput("job-1", Map.of("scale", 2L), crop);
        BatchRequest request = new BatchRequest(MODEL, Capability.UPSCALE, List.of(job));

        assertThatThrownBy(() -> backend.run(request, ProgressListener.NONE, new CancellationSignal()))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("scale = 2")
                .hasMessageContaining("[4]");
    }

    @Test
    void run_cancelled_stopsBeforeTheFirstTile() {
        CancellationSignal cancellation = new CancellationSignal();
        cancellation.cancel();
        JobInput job = new JobInput("job-1", Map.of("scale", 4L), crop);
        BatchRequest request = new BatchRequest(MODEL, Capability.UPSCALE, List.of(job));

        assertThatThrownBy(() -> backend.run(request, ProgressListener.NONE, cancellation)).isInstanceOf(CancelledException.class);
    }

    @Test
    void run_outputAboveLimit_rejectsNamingTheLimit() {
        JobInput job = new JobInput("job-1", Map.of("scale", 4L), new BufferedImage(2100, 2100, BufferedImage.TYPE_INT_RGB));
        BatchRequest request = new BatchRequest(MODEL, Capability.UPSCALE, List.of(job));

        assertThatThrownBy(() -> backend.run(request, ProgressListener.NONE, new CancellationSignal()))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("2100x2100")
                .hasMessageContaining(String.valueOf(UpscaleBackend.MAX_OUTPUT_PIXELS));
    }

    private static BufferedImage bicubic(BufferedImage image, int scale) {
        BufferedImage result = new BufferedImage(image.getWidth() * scale, image.getHeight() * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = result.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        graphics.drawImage(image, 0, 0, result.getWidth(), result.getHeight(), null);
        graphics.dispose();
        return result;
    }

    private static int[] channelRange(BufferedImage image) {
        int min = 255;
        int max = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int value = (rgb >> shift) & 0xFF;
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        return new int[] {min, max};
    }

    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
