package dev.easel.server.catalog;

import dev.easel.server.EaselServerApplication;
import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bundled cut-out-then-upscale example on the real models (IS-Net, then Real-ESRGAN x4) over
 * HTTP. It runs where the engine's tests have fetched the models into
 * {@code easel-engine/target/test-models}, and is skipped elsewhere.
 */
@SpringBootTest(classes = EaselServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf("modelsFetched")
class RealModelChainTest {

    static final Path MODELS = Path.of("../easel-engine/target/test-models").toAbsolutePath().normalize();
    static final Path DATA = temporaryFolder();

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
    void cutoutThenUpscale_onTheCoffeePhoto_enlargesTheCutOut() {
        Http http = new Http(port);
        String user = "real-chain-user";

        Http.Response accepted = http.post("/v1/tasks", Map.of("example", "cutout-upscale-coffee", "overrides", Map.of()), user);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        JsonNode[] task = new JsonNode[1];
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            task[0] = http.get("/v1/tasks/" + id, user).json();
            return task[0].path("status").asString().matches("succeeded|failed");
        });

        JsonNode done = task[0];
        assertThat(done.path("status").asString()).as(done.path("reason").asString()).isEqualTo("succeeded");
        assertThat(done.path("steps").get(0).path("status").asString()).isEqualTo("succeeded");
        assertThat(done.path("steps").get(1).path("status").asString()).isEqualTo("succeeded");
        JsonNode cutout = done.path("outputs").get(0);
        JsonNode upscaled = done.path("outputs").get(1);
        assertThat(cutout.path("width").asInt()).isEqualTo(360);
        assertThat(upscaled.path("width").asInt()).isEqualTo(4 * cutout.path("width").asInt());
        assertThat(upscaled.path("height").asInt()).isEqualTo(4 * cutout.path("height").asInt());
        // The upscale step read the cut-out step's stored output file (task folder, step 0, image 0).
        assertThat(done.path("params").path("image").asString()).startsWith("input:" + id + "/").contains("_0-0.png");
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("easel-real-chain");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
