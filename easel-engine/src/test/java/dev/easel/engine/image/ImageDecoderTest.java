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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @Test
    void decode_tiff_isAccepted() throws IOException {
        BufferedImage crop = ImageIO.read(photo("chelsea").toFile()).getSubimage(100, 40, 60, 30);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        assertThat(ImageIO.write(crop, "tiff", tiff)).isTrue();

        BufferedImage decoded = DECODER.decode(tiff.toByteArray(), "IN", "crop.tiff");

        assertThat(decoded.getWidth()).isEqualTo(60);
        assertThat(decoded.getHeight()).isEqualTo(30);
        assertThat(decoded.getRGB(7, 5)).isEqualTo(crop.getRGB(7, 5));
    }

    @Test
    void decode_jpegWithOrientation6_turnsUpright() throws IOException {
        BufferedImage stored = twoColourImage(48, 32);
        byte[] jpeg = withExifOrientation(jpeg(stored), 6, false);

        BufferedImage upright = DECODER.decode(jpeg, "IN", "phone.jpg");

        // Orientation 6: the stored image turns 90 degrees clockwise, so its left half (red) is on top.
        assertThat(upright.getWidth()).isEqualTo(32);
        assertThat(upright.getHeight()).isEqualTo(48);
        assertThat(red(upright.getRGB(16, 4))).isGreaterThan(200);
        assertThat(red(upright.getRGB(16, 44))).isLessThan(60);
    }

    @Test
    void decode_jpegWithOrientation8BigEndian_turnsUpright() throws IOException {
        BufferedImage stored = twoColourImage(48, 32);
        byte[] jpeg = withExifOrientation(jpeg(stored), 8, true);

        BufferedImage upright = DECODER.decode(jpeg, "IN", "phone.jpg");

        // Orientation 8: the stored image turns 90 degrees counter-clockwise, so its left half (red) is at the bottom.
        assertThat(upright.getWidth()).isEqualTo(32);
        assertThat(upright.getHeight()).isEqualTo(48);
        assertThat(red(upright.getRGB(16, 44))).isGreaterThan(200);
        assertThat(red(upright.getRGB(16, 4))).isLessThan(60);
    }

    @Test
    void decode_jpegWithOrientation1_keepsStoredSize() throws IOException {
        byte[] jpeg = withExifOrientation(jpeg(twoColourImage(48, 32)), 1, false);

        BufferedImage decoded = DECODER.decode(jpeg, "IN", "camera.jpg");

        assertThat(decoded.getWidth()).isEqualTo(48);
        assertThat(decoded.getHeight()).isEqualTo(32);
    }

    /** Where the stored top-left pixel lands for each orientation, as the EXIF tag table defines it. */
    @ParameterizedTest
    @CsvSource({"1, left, top", "2, right, top", "3, right, bottom", "4, left, bottom",
                "5, left, top", "6, right, top", "7, right, bottom", "8, left, bottom"})
    void exifOrientation_everyValue_movesTopLeftPixel(int orientation, String column, String row) throws IOException {
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        stored.setRGB(0, 0, 0xFF0000);
        ExifOrientation parsed = ExifOrientation.of(withExifOrientation(jpeg(stored), orientation, orientation % 2 == 0));

        BufferedImage upright = parsed.apply(stored);

        assertThat(parsed.value()).isEqualTo(orientation);
        assertThat(upright.getWidth()).isEqualTo(orientation >= 5 ? 2 : 3);
        int x = column.equals("left") ? 0 : upright.getWidth() - 1;
        int y = row.equals("top") ? 0 : upright.getHeight() - 1;
        assertThat(upright.getRGB(x, y) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void exifOrientation_damagedSegment_countsAsUpright() throws IOException {
        byte[] jpeg = withExifOrientation(jpeg(twoColourImage(16, 8)), 6, false);
        byte[] damaged = Arrays.copyOf(jpeg, jpeg.length);
        // Point IFD0 far past the end of the segment.
        ByteBuffer.wrap(damaged).putInt(2 + 4 + 6 + 4, 0x7FFF_0000);

        assertThat(ExifOrientation.of(damaged).value()).isEqualTo(1);
        assertThat(DECODER.decode(damaged, "IN", "damaged.jpg").getWidth()).isEqualTo(16);
    }

    /** Returns an opaque image whose left half is red and right half is blue. */
    private static BufferedImage twoColourImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 2 ? 0xFF0000 : 0x0000FF);
            }
        }
        return image;
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpeg", out)).isTrue();
        return out.toByteArray();
    }

    /**
     * Returns the JPEG with an APP1 Exif segment inserted right after SOI, written by hand: a TIFF
     * header in the given byte order and an IFD0 with one entry, the orientation tag (0x0112, SHORT).
     */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
        out.put(jpeg, 0, 2);
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exif).put(tiff.array());
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
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
