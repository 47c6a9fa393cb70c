package dev.easel.server.catalog;

import dev.easel.engine.upscale.UpscaleBackend;
import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scene whose upscale step would pass the upscale back end's output-pixel limit with the
 * uploaded image is rejected at submit (422 naming {@code inputs.image}), whether the upscale
 * reads the input directly or after a background removal that keeps its size. Runs on the real
 * IS-Net and Real-ESRGAN x4 models that {@code easel models fetch} put under
 * easel-engine/target/test-models, with the repository's catalog; skipped without them.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf("modelsFetched")
class ChainUpscaleLimitTest {

    static final Path MODELS = Path.of("../easel-engine/target/test-models").toAbsolutePath().normalize();
    static final Path DATA = temporaryFolder();

    /** 2100 x 2100 upscaled 4x is 70,560,000 pixels, more than the limit of 67,108,864. */
    static final int TOO_LARGE_SIDE = 2100;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("easel.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        registry.add("easel.auth.admin-key", () -> Http.TEST_ADMIN_KEY);
        registry.add("easel.outputs.dir", () -> DATA.resolve("outputs").toString());
        registry.add("easel.workers.backends", () -> "isnet,upscale");
        registry.add("easel.backends.models-dir", MODELS::toString);
        registry.add("easel.catalog.dir", () -> Path.of("../catalog").toAbsolutePath().normalize().toString());
    }

    static boolean modelsFetched() {
        return Files.isDirectory(MODELS.resolve("isnet")) && Files.isDirectory(MODELS.resolve("realesrgan-x4fast"));
    }

    @Test
    void upscaleScene_withTooLargeImage_is422AtSubmit() {
        Http http = new Http(port);
        String user = "upscale-scene-user";
        Set<Path> before = taskFolders();

        Http.Response rejected = http.post("/v1/tasks", Map.of("scene", "upscale-4x",
                "inputs", Map.of("image", pngDataUrl(TOO_LARGE_SIDE))), user);

        assertTooLarge(rejected, "Image");
        assertThat(http.get("/v1/tasks", user).json().path("items")).isEmpty();
        assertThat(taskFolders()).as("the rejected request's stored image is deleted").isEqualTo(before);
    }

    @Test
    void cutoutThenUpscale_withTooLargeImage_is422AtSubmit() {
        Http http = new Http(port);
        String user = "cutout-upscale-user";
        Set<Path> before = taskFolders();

        Http.Response rejected = http.post("/v1/tasks", Map.of("scene", "cutout-upscale",
                "inputs", Map.of("image", pngDataUrl(TOO_LARGE_SIDE))), user);

        assertTooLarge(rejected, "Product photo");
        assertThat(rejected.json().path("errors").get(0).path("limit").asString()).contains("later upscale step");
        assertThat(http.get("/v1/tasks", user).json().path("items")).isEmpty();
        assertThat(taskFolders()).as("the rejected request's stored image is deleted").isEqualTo(before);
    }

    @Test
    void upscaleScene_withSmallImage_isAccepted() {
        Http http = new Http(port);

        Http.Response accepted = http.post("/v1/tasks", Map.of("scene", "upscale-4x", "inputs", Map.of("image", pngDataUrl(16))),
                "small-upscale-user");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    }

    private static void assertTooLarge(Http.Response rejected, String label) {
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(422);
        JsonNode problem = rejected.json();
        assertThat(problem.path("code").asString()).isEqualTo("invalid_input");
        assertThat(problem.path("field").asString()).isEqualTo("inputs.image");
        assertThat(problem.path("label").asString()).isEqualTo(label);
        assertThat(problem.path("value").asString()).isEqualTo(TOO_LARGE_SIDE + "x" + TOO_LARGE_SIDE);
        assertThat(problem.path("errors").get(0).path("code").asString()).isEqualTo("upscale_too_large");
        assertThat(problem.path("detail").asString()).contains("more than " + UpscaleBackend.MAX_OUTPUT_PIXELS + " pixels");
    }

    private static Set<Path> taskFolders() {
        Path outputs = DATA.resolve("outputs");
        if (!Files.isDirectory(outputs)) {
            return Set.of();
        }
        try (Stream<Path> folders = Files.list(outputs)) {
            return folders.collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pngDataUrl(int side) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB), "png", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-chain-upscale-limit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
