package dev.easel.engine.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation of a JPEG file (TIFF tag 0x0112), and the transform that shows the stored
 * pixels upright.
 *
 * <p>Cameras and phones store the sensor's pixels as they were read out and record in this tag
 * how the camera was held. The EXIF standard defines values 1 to 8: 1 is upright, 3 is
 * rotated 180°, 6 needs a 90° clockwise turn, 8 a 90° counter-clockwise turn, and 2, 4, 5 and 7
 * add a mirror. A missing or damaged tag counts as 1, so decoding never fails because of it.
 *
 * <p>Implementation notes: the parser walks the JPEG marker segments up to the first
 * start-of-scan, finds the APP1 segment that starts with {@code Exif\0\0}, reads the TIFF header
 * (byte order {@code II} or {@code MM}) and looks for the tag in IFD0 only, where EXIF puts it.
 */
final class ExifOrientation {

    static final ExifOrientation UPRIGHT = new ExifOrientation(1);

    private static final int MARKER_APP1 = 0xE1;
    private static final int MARKER_SOS = 0xDA;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private final int value;

    private ExifOrientation(int value) {
        this.value = value;
    }

    /** Returns the orientation value, 1 to 8. */
    int value() {
        return value;
    }

    /** Reads the orientation of a JPEG file; {@link #UPRIGHT} when the file has no valid tag. */
    static ExifOrientation of(byte[] jpeg) {
        try {
            int tag = readTag(ByteBuffer.wrap(jpeg));
            return tag >= 2 && tag <= 8 ? new ExifOrientation(tag) : UPRIGHT;
        } catch (RuntimeException e) {
            // Damaged metadata must not stop an otherwise readable photo from decoding.
            return UPRIGHT;
        }
    }

    /** Returns {@code image} turned and mirrored upright; the same instance when no change is needed. */
    BufferedImage apply(BufferedImage image) {
        if (value == 1) {
            return image;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        boolean swapsSides = value >= 5;
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage upright = new BufferedImage(swapsSides ? height : width, swapsSides ? width : height, type);
        int[] target = ((DataBufferInt) upright.getRaster().getDataBuffer()).getData();
        int uprightWidth = upright.getWidth();

        // Row by row, so the copy needs one extra row of memory, not a second full image.
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                target[targetY(x, y, width, height) * uprightWidth + targetX(x, y, width, height)] = row[x];
            }
        }
        return upright;
    }

    /** Returns the column where stored pixel (x, y) lands in the upright image. */
    private int targetX(int x, int y, int width, int height) {
        return switch (value) {
            case 2, 3 -> width - 1 - x;
            case 5, 8 -> y;
            case 6, 7 -> height - 1 - y;
            default -> x;
        };
    }

    /** Returns the row where stored pixel (x, y) lands in the upright image. */
    private int targetY(int x, int y, int width, int height) {
        return switch (value) {
            case 3, 4 -> height - 1 - y;
            case 5, 6 -> x;
            case 7, 8 -> width - 1 - x;
            default -> y;
        };
    }

    /** Returns the orientation tag's value, or 1 when the file has none. */
    private static int readTag(ByteBuffer jpeg) {
        if (jpeg.remaining() < 4 || (jpeg.get(0) & 0xFF) != 0xFF || (jpeg.get(1) & 0xFF) != 0xD8) {
            return 1;
        }
        int position = 2;
        while (position + 4 <= jpeg.limit()) {
            if ((jpeg.get(position) & 0xFF) != 0xFF) {
                return 1;
            }
            int marker = jpeg.get(position + 1) & 0xFF;
            if (marker == 0xFF) {
                position++;
                continue;
            }
            if (marker == MARKER_SOS) {
                return 1;
            }
            int length = Short.toUnsignedInt(jpeg.order(ByteOrder.BIG_ENDIAN).getShort(position + 2));
            int payload = position + 4;
            if (marker == MARKER_APP1 && startsWithExifHeader(jpeg, payload)) {
                return readFromTiff(jpeg.slice(payload + EXIF_HEADER.length, length - 2 - EXIF_HEADER.length));
            }
            position += 2 + length;
        }
        return 1;
    }

    private static boolean startsWithExifHeader(ByteBuffer jpeg, int offset) {
        if (offset + EXIF_HEADER.length > jpeg.limit()) {
            return false;
        }
        for (int i = 0; i < EXIF_HEADER.length; i++) {
            if (jpeg.get(offset + i) != EXIF_HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readFromTiff(ByteBuffer tiff) {
        char first = (char) tiff.get(0);
        if (first == 'I') {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (first == 'M') {
            tiff.order(ByteOrder.BIG_ENDIAN);
        } else {
            return 1;
        }
        int ifd = tiff.getInt(4);
        int entries = Short.toUnsignedInt(tiff.getShort(ifd));
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (Short.toUnsignedInt(tiff.getShort(entry)) == TAG_ORIENTATION
                    && Short.toUnsignedInt(tiff.getShort(entry + 2)) == TYPE_SHORT) {
                return Short.toUnsignedInt(tiff.getShort(entry + 8));
            }
        }
        return 1;
    }
}
