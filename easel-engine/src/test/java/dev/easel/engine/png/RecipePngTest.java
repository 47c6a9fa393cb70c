package dev.easel.engine.png;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.Recipe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RecipePngTest {

    private static final Recipe RECIPE = new Recipe("tiny-sd", "local", "ab".repeat(32), "onnx-sd", "txt2img",
            Map.of("prompt", "一只红狐狸 in the snow", "steps", 20L, "guidance", 7.5, "seed", 42L), 42, 123);

    private static BufferedImage image() {
        BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0x123456);
        return image;
    }

    @Test
    void encode_thenReadRecipe_roundTripsIncludingUnicode() {
        byte[] png = RecipePng.encode(image(), RECIPE);

        assertThat(RecipePng.readRecipe(png)).contains(RECIPE);
    }

    @Test
    void encode_keepsImageReadableByImageIo() throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(RecipePng.encode(image(), RECIPE)));

        assertThat(decoded.getWidth()).isEqualTo(16);
        assertThat(decoded.getHeight()).isEqualTo(8);
        assertThat(decoded.getRGB(3, 4) & 0xffffff).isEqualTo(0x123456);
    }

    @Test
    void encode_writesItxtChunkRightAfterHeader() {
        byte[] png = RecipePng.encode(image(), RECIPE);

        assertThat(new String(png, 37, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("iTXt");
        assertThat(new String(png, 41, 12, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("easel-recipe");
    }

    @Test
    void encodePlain_rgbArgbGrey_roundTrip() throws IOException {
        BufferedImage rgb = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        BufferedImage argb = new BufferedImage(37, 23, BufferedImage.TYPE_INT_ARGB);
        BufferedImage gray = new BufferedImage(37, 23, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                rgb.setRGB(x, y, (x * 7) << 16 | (y * 11) << 8 | ((x * y) & 0xff));
                argb.setRGB(x, y, (x * 6) << 24 | (y * 9) << 16 | (x * 3) << 8 | 200);
                gray.setRGB(x, y, 0x010101 * ((x + y) * 4));
            }
        }

        for (BufferedImage image : new BufferedImage[] {rgb, argb, gray}) {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(RecipePng.encodePlain(image)));
            assertThat(decoded.getRaster().getNumBands()).isEqualTo(image.getRaster().getNumBands());
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    assertThat(decoded.getRGB(x, y)).as("type %d at %d,%d", image.getType(), x, y).isEqualTo(image.getRGB(x, y));
                }
            }
        }
    }

    @Test
    void readRecipe_plainPng_isEmpty() {
        assertThat(RecipePng.readRecipe(RecipePng.encodePlain(image()))).isEmpty();
    }

    @Test
    void readText_latinTextChunk_isRead() {
        byte[] png = PngTextChunks.withText(RecipePng.encodePlain(image()), "Comment", "hello");

        assertThat(PngTextChunks.readText(png, "Comment")).contains("hello");
        assertThat(PngTextChunks.readText(png, "Other")).isEmpty();
    }

    @Test
    void readRecipe_notPng_rejects() {
        assertThatThrownBy(() -> RecipePng.readRecipe("GIF89a-not-a-png-at-all-but-long-enough".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PNG file");
    }

    @Test
    void withText_invalidKeyword_rejects() {
        assertThatThrownBy(() -> PngTextChunks.withText(RecipePng.encodePlain(image()), "", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyword must be 1 to 79");
    }
}
