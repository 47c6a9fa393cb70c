package dev.easel.engine.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.ProgressListener;
import dev.easel.engine.fetch.FetchedModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The converted UpscalerJS models reproduce the library's own published results: each package
 * ships {@code assets/fixture.png} and the upscaled {@code assets/samples/<scale>x/result.png}.
 */
class UpscalerJsFixtureTest {

    private static UpscaleBackend backend;

    @BeforeAll
    static void openBackend() {
        backend = new UpscaleBackend(FetchedModels.modelsDir());
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    @ParameterizedTest(name = "{0} at {1}x")
    @CsvSource({"esrgan-slim, 2", "esrgan-slim, 3", "esrgan-slim, 4", "esrgan-medium, 2", "esrgan-medium, 3", "esrgan-medium, 4"})
    void upscale_fixture_matchesUpscalerJsResultWithinOneLevel(String model, int scale) throws IOException {
        Path assets = FetchedModels.modelsDir().resolve(model).resolve("assets");
        BufferedImage fixture = ImageIO.read(assets.resolve("fixture.png").toFile());
        BufferedImage expected = ImageIO.read(assets.resolve("samples/" + scale + "x/result.png").toFile());

        BufferedImage actual = backend.upscale(model, fixture, scale, ProgressListener.NONE);

        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        assertThat(maxChannelDifference(actual, expected)).isLessThanOrEqualTo(1);
    }

    static int maxChannelDifference(BufferedImage a, BufferedImage b) {
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)));
                }
            }
        }
        return max;
    }
}
