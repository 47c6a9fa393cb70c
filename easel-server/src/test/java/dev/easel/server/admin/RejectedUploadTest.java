package dev.easel.server.admin;

import dev.easel.server.support.Http;
import org.junit.jupiter.api.Test;

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
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request whose input image was already stored, and which the scheduler then rejects because
 * the tier's queue is full, leaves no file behind in the output folder.
 */
class RejectedUploadTest extends TierControlTestBase {

    @Test
    void queueFull_deletesStoredImage() {
        Http client = new Http(port);
        String blocker = "blocker-" + UUID.randomUUID();
        String blockerTask = occupyWorker(client, blocker);
        int maxQueued = tier(client, "low").get("scheduler").get("max_queued").asInt();
        assertThat(put(client, "/v1/admin/tiers/low/scheduler", Map.of("max_queued", 1)).status()).isEqualTo(200);
        String queuedUser = "queued-" + UUID.randomUUID();
        String queuedTask = submitted(client, queuedUser, "low", Map.of("prompt", "fills the tier"));
        try {
            Set<Path> before = taskFolders();
            String user = "uploader-" + UUID.randomUUID();

            Http.Response rejected = submit(client, user, "low", Map.of("prompt", "with image", "image", pngDataUrl()));

            assertThat(rejected.status()).as(rejected.body()).isEqualTo(429);
            assertThat(rejected.json().get("code").asString()).isEqualTo("queue_full");
            assertThat(taskFolders()).isEqualTo(before);
        } finally {
            assertThat(put(client, "/v1/admin/tiers/low/scheduler", Map.of("max_queued", maxQueued)).status()).isEqualTo(200);
            client.post("/v1/tasks/" + queuedTask + "/cancel", "{}", queuedUser);
            client.post("/v1/tasks/" + blockerTask + "/cancel", "{}", blocker);
        }
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

    private static String pngDataUrl() {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
