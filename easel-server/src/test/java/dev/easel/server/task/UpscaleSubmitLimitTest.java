package dev.easel.server.task;

import dev.easel.engine.upscale.UpscaleBackend;
import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upscale whose output would pass the upscale back end's output-pixel limit is rejected at
 * submit (422), not accepted and failed at run time. Runs on the real Real-ESRGAN x4 model that
 * {@code easel models fetch} put under easel-engine/target/test-models; skipped without it.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf("modelsFetched")
class UpscaleSubmitLimitTest {

    static final Path MODELS = Path.of("../easel-engine/target/test-models").toAbsolutePath().normalize();
    static final Path DATA = temporaryFolder();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.backends", () -> "upscale");
        registry.add("easel.backends.models-dir", MODELS::toString);
    }

    static boolean modelsFetched() {
        return Files.isDirectory(MODELS.resolve("realesrgan-x4fast"));
    }

    @Test
    void upscaleAboveOutputPixelLimit_is422AtSubmit() throws IOException {
        Http http = new Http(port);
        String user = "upscale-limit-user";
        int side = (int) Math.sqrt(UpscaleBackend.MAX_OUTPUT_PIXELS / 16) + 8;
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB), "png", png);
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());

        Http.Response response = http.post("/v1/tasks", Map.of("model", "realesrgan-x4fast",
                "params", Map.of("image", image, "scale", 4)), user);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("field").asString()).isEqualTo("params.image");
        assertThat(response.json().get("limit").asString()).contains("more than the limit of " + UpscaleBackend.MAX_OUTPUT_PIXELS);
        assertThat(http.get("/v1/tasks", user).json().get("items")).isEmpty();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-upscale-limit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
