package dev.easel.engine.png;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes 8-bit greyscale, RGB or RGBA PNG files without {@link javax.imageio.ImageIO}: about as
 * fast on generated images, and about half the size, because every row is filtered.
 *
 * <p>Implementation notes: every row uses the Up filter (each byte minus the byte above it),
 * which suits the smooth gradients of generated images, and the filtered rows go through one
 * {@link Deflater} at compression level {@value #COMPRESSION_LEVEL} into a single {@code IDAT}
 * chunk (PNG specification, 3rd edition, sections 7 to 11). Images with an alpha channel are
 * written as RGBA (colour type 6), single-band images without alpha (for example masks) as
 * greyscale (colour type 0), all others as RGB (colour type 2). Samples are 8 bits, so 16-bit
 * images lose precision.
 *
 * <p>Stateless and thread-safe.
 */
final class PngEncoder {

    static final int COMPRESSION_LEVEL = 6;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int FILTER_UP = 2;

    private PngEncoder() {
    }

    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean alpha = image.getColorModel().hasAlpha();
        boolean grey = !alpha && image.getColorModel().getNumComponents() == 1;
        int channels = 3;
        int colourType = 2;
        if (alpha) {
            channels = 4;
            colourType = 6;
        } else if (grey) {
            channels = 1;
            colourType = 0;
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height * channels / 2 + 128);
        out.writeBytes(SIGNATURE);
        writeChunk(out, "IHDR", header(width, height, colourType));
        writeChunk(out, "IDAT", compress(filteredRows(image, channels)));
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] header(int width, int height, int colourType) {
        return ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)                  // bit depth
                .put((byte) colourType)
                .put((byte) 0)                  // compression: deflate
                .put((byte) 0)                  // filter method: adaptive (per-row filter byte)
                .put((byte) 0)                  // no interlace
                .array();
    }

    /** Returns the rows as PNG scanlines: one filter-type byte, then the Up-filtered samples. */
    private static byte[] filteredRows(BufferedImage image, int channels) {
        int width = image.getWidth();
        int height = image.getHeight();
        int stride = width * channels;
        byte[] scanlines = new byte[height * (stride + 1)];
        byte[] previous = new byte[stride];
        byte[] current = new byte[stride];
        int[] argbRow = new int[width];

        for (int y = 0; y < height; y++) {
            if (channels == 1) {
                toGreySamples(image, y, argbRow, current);
            } else {
                toSamples(image, y, argbRow, current, channels);
            }
            int offset = y * (stride + 1);
            scanlines[offset] = FILTER_UP;
            for (int i = 0; i < stride; i++) {
                scanlines[offset + 1 + i] = (byte) (current[i] - previous[i]);
            }
            byte[] swap = previous;
            previous = current;
            current = swap;
        }
        return scanlines;
    }

    private static void toSamples(BufferedImage image, int y, int[] argbRow, byte[] samples, int channels) {
        readRow(image, y, argbRow);
        for (int x = 0, i = 0; x < argbRow.length; x++) {
            int argb = argbRow[x];
            samples[i++] = (byte) (argb >> 16);
            samples[i++] = (byte) (argb >> 8);
            samples[i++] = (byte) argb;
            if (channels == 4) {
                samples[i++] = (byte) (argb >>> 24);
            }
        }
    }

    /** Reads one row of a single-band image as 8-bit samples, keeping the high bits of wider samples. */
    private static void toGreySamples(BufferedImage image, int y, int[] row, byte[] samples) {
        int shift = Math.max(0, image.getColorModel().getComponentSize(0) - 8);
        image.getRaster().getSamples(0, y, row.length, 1, 0, row);
        for (int x = 0; x < row.length; x++) {
            samples[x] = (byte) (row[x] >> shift);
        }
    }

    private static void readRow(BufferedImage image, int y, int[] row) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            System.arraycopy(data, y * image.getWidth(), row, 0, row.length);
        } else {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
        }
    }

    private static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(COMPRESSION_LEVEL);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[Math.max(4096, Math.min(data.length, 1 << 16))];
            while (!deflater.finished()) {
                int length = deflater.deflate(buffer);
                out.write(buffer, 0, length);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(8).putInt(data.length).put(typeBytes).array());
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
