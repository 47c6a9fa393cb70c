package dev.easel.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    private static final ImageDecoder DECODER = ImageDecoder.withDefaultLimits();

    @TempDir
    Path temp;

    @Test
    void decode_realPhotoAsPngAndJpeg_returnsItsSize() throws IOException {
        byte[] png = Files.readAllBytes(photo("chelsea"));
        BufferedImage decoded = DECODER.decode(png, "image", "chelsea.png");

        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(decoded, "jpeg", jpeg);
        BufferedImage fromJpeg = DECODER.decode(jpeg.toByteArray(), "image", "chelsea.jpg");

        assertThat(decoded.getWidth()).isEqualTo(451);
        assertThat(decoded.getHeight()).isEqualTo(300);
        assertThat(fromJpeg.getWidth()).isEqualTo(451);
    }

    @Test
    void decode_emptyFile_rejects() throws IOException {
        Path empty = Files.createFile(temp.resolve("empty.png"));

        assertThatThrownBy(() -> DECODER.decode(empty, "IN"))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.EMPTY))
                .hasMessage("IN = " + empty + ": the file is empty");
    }

    @Test
    void decode_text_rejectsAsNotAnImage() {
        byte[] text = "name,width\nastronaut,512\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DECODER.decode(text, "image", "sizes.csv"))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.NOT_AN_IMAGE))
                .hasMessageContaining("sizes.csv")
                .hasMessageContaining("not an image")
                .hasMessageContaining("PNG, JPEG, GIF, BMP and TIFF");
    }

    @Test
    void decode_webp_rejectsAsUnsupportedFormat() {
        byte[] webp = new byte[64];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, webp, 0, 4);
        System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, webp, 8, 8);

        assertThatThrownBy(() -> DECODER.decode(webp, "image", "cat.webp"))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.UNSUPPORTED_FORMAT))
                .hasMessageContaining("WebP");
    }

    @Test
    void decode_headerDeclaresHugeImage_rejectsBeforeDecoding() {
        byte[] bomb = pngHeaderOnly(100_000, 100_000);

        assertThatThrownBy(() -> DECODER.decode(bomb, "image", "bomb.png"))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.TOO_MANY_PIXELS))
                .hasMessageContaining("100000x100000 = 10000000000 pixels")
                .hasMessageContaining("limit of 40000000");
    }

    @Test
    void decode_realPhotoAboveConfiguredLimit_rejects() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(100_000, 10_000_000));

        assertThatThrownBy(() -> small.decode(photo("astronaut"), "image"))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.TOO_MANY_PIXELS))
                .hasMessageContaining("512x512 = 262144 pixels");
    }

    @Test
    void decode_fileAboveByteLimit_rejects() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(40_000_000, 1000));

        assertThatThrownBy(() -> small.decode(photo("coffee"), "image"))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.FILE_TOO_LARGE))
                .hasMessageContaining("more than the limit of 1000");
    }

    @Test
    void decode_truncatedPng_rejectsAsCorrupt() throws IOException {
        byte[] png = Files.readAllBytes(photo("chelsea"));
        byte[] truncated = Arrays.copyOf(png, 2000);

        assertThatThrownBy(() -> DECODER.decode(truncated, "image", "chelsea.png"))
                .isInstanceOfSatisfying(InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.CORRUPT))
                .hasMessageContaining("damaged");
    }

    @Test
    void decode_missingFile_rejectsNamingIt() {
        Path missing = temp.resolve("missing.png");

        assertThatThrownBy(() -> DECODER.decode(missing, "IN"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("IN = " + missing + ": file not found");
    }

    private static Path photo(String name) {
        return Path.of(System.getProperty("easel.repoRoot"), "samples", "photos", name + ".png");
    }

    /** Returns a PNG signature and a valid IHDR chunk declaring the size, with no image data. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}).putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
