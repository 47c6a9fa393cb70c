package dev.easel.engine.bgremoval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.BatchRequest;
import dev.easel.engine.CancellationSignal;
import dev.easel.engine.Capability;
import dev.easel.engine.InvalidParametersException;
import dev.easel.engine.JobInput;
import dev.easel.engine.JobOutput;
import dev.easel.engine.ProgressListener;
import dev.easel.engine.fetch.FetchedModels;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IS-Net on real photos. The subject and background rectangles were chosen by hand once, by
 * looking at each photo: they lie well inside the subject (the astronaut's face and chest, the
 * cup, the cat's face) or well inside the background (sky, table, wall).
 */
class BackgroundRemovalTest {

    private static final String PINNED_SHA256 = "b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb";

    private static final Map<String, BufferedImage> CUT_OUTS = new HashMap<>();

    private static BackgroundRemovalBackend backend;

    @BeforeAll
    static void openBackend() {
        backend = new BackgroundRemovalBackend(FetchedModels.modelsDir());
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    @Test
    void astronaut_faceAndChestOpaque_backgroundTransparent() throws IOException {
        BufferedImage cutOut = cutOut("astronaut");

        assertOpaque(cutOut, new Rectangle(200, 60, 50, 50));
        assertOpaque(cutOut, new Rectangle(100, 250, 150, 100));
        assertTransparent(cutOut, new Rectangle(10, 10, 90, 90));
        assertTransparent(cutOut, new Rectangle(380, 10, 120, 100));
    }

    @Test
    void coffee_cupOpaque_tableTransparent() throws IOException {
        BufferedImage cutOut = cutOut("coffee");

        assertOpaque(cutOut, new Rectangle(220, 150, 160, 100));
        assertTransparent(cutOut, new Rectangle(0, 0, 60, 60));
        assertTransparent(cutOut, new Rectangle(540, 0, 60, 60));
        assertTransparent(cutOut, new Rectangle(520, 330, 70, 60));
    }

    @Test
    void chelsea_maskOnlyJob_catWhiteWallBlack() throws IOException {
        BufferedImage photo = photo("chelsea");
        JobInput job = new JobInput("job-1", Map.of("mask_only", true), photo);

        List<JobOutput> outputs = backend.run(new BatchRequest("isnet", Capability.REMOVE_BACKGROUND, List.of(job)),
                ProgressListener.NONE, new CancellationSignal());

        JobOutput output = outputs.get(0);
        assertThat(output.jobId()).isEqualTo("job-1");
        assertThat(output.recipe().fileHash()).isEqualTo(PINNED_SHA256);
        assertThat(output.recipe().capability()).isEqualTo("remove_background");
        assertThat(output.recipe().parameters()).containsEntry("mask_only", true);
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(output.images().get(0).bytes()));
        assertThat(mask.getWidth()).isEqualTo(photo.getWidth());
        assertThat(mask.getHeight()).isEqualTo(photo.getHeight());
        assertThat(mask.getColorModel().getNumComponents()).isEqualTo(1);
        assertRegion(mask, new Rectangle(100, 50, 150, 100), grey -> grey >= 230, "white (cat)");
        assertRegion(mask, new Rectangle(430, 120, 15, 70), grey -> grey <= 25, "black (wall)");
        assertRegion(mask, new Rectangle(0, 0, 20, 50), grey -> grey <= 25, "black (wall)");
    }

    @Test
    void cutOut_keepsEveryColourOfTheInput() throws IOException {
        BufferedImage photo = photo("coffee");
        BufferedImage cutOut = cutOut("coffee");

        for (int y = 0; y < photo.getHeight(); y += 7) {
            for (int x = 0; x < photo.getWidth(); x += 7) {
                assertThat(cutOut.getRGB(x, y) & 0xFFFFFF).as("colour at %d,%d", x, y).isEqualTo(photo.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void run_wrongCapability_rejectsNamingIt() {
        JobInput job = new JobInput("job-1", Map.of(), new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
        BatchRequest request = new BatchRequest("isnet", Capability.UPSCALE, List.of(job));

        assertThatThrownBy(() -> backend.run(request, ProgressListener.NONE, new CancellationSignal()))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("capability")
                .hasMessageContaining("upscale");
    }

    @Test
    void models_listIsnetWithLicenceAndPinnedHash() {
        assertThat(backend.models()).singleElement().satisfies(model -> {
            assertThat(model.id()).isEqualTo("isnet");
            assertThat(model.capabilities()).containsExactly(Capability.REMOVE_BACKGROUND);
            assertThat(model.licence()).isEqualTo("AGPL-3.0");
            assertThat(model.fileHash()).isEqualTo(PINNED_SHA256);
        });
    }

    /** Returns the cut-out of a photo, computed once per photo because each run takes seconds. */
    private static BufferedImage cutOut(String name) throws IOException {
        BufferedImage cached = CUT_OUTS.get(name);
        if (cached != null) {
            return cached;
        }
        BufferedImage photo = photo(name);
        BufferedImage cutOut = backend.removeBackground(photo, false);
        assertThat(cutOut.getWidth()).isEqualTo(photo.getWidth());
        assertThat(cutOut.getHeight()).isEqualTo(photo.getHeight());
        assertThat(cutOut.getColorModel().hasAlpha()).isTrue();
        CUT_OUTS.put(name, cutOut);
        return cutOut;
    }

    static BufferedImage photo(String name) throws IOException {
        Path file = Path.of(System.getProperty("easel.repoRoot"), "samples", "photos", name + ".png");
        return ImageIO.read(file.toFile());
    }

    private static void assertOpaque(BufferedImage image, Rectangle region) {
        assertRegion(image, region, argb -> (argb >>> 24) >= 230, "opaque");
    }

    private static void assertTransparent(BufferedImage image, Rectangle region) {
        assertRegion(image, region, argb -> (argb >>> 24) <= 25, "transparent");
    }

    /**
     * Asserts that at least 98 % of the region's pixels pass {@code test}; a few pixels near hair
     * or whiskers may be soft. For a one-channel image the test gets the grey value.
     */
    private static void assertRegion(BufferedImage image, Rectangle region, IntPredicate test, String expected) {
        boolean grey = image.getColorModel().getNumComponents() == 1;
        int passing = 0;
        for (int y = region.y; y < region.y + region.height; y++) {
            for (int x = region.x; x < region.x + region.width; x++) {
                int value = grey ? image.getRaster().getSample(x, y, 0) : image.getRGB(x, y);
                if (test.test(value)) {
                    passing++;
                }
            }
        }
        int total = region.width * region.height;
        assertThat(passing).as("pixels of %s that are %s", region, expected).isGreaterThanOrEqualTo(total * 98 / 100);
    }
}
