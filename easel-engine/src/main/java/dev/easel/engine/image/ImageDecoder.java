package dev.easel.engine.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes uploaded image files (PNG, JPEG, GIF, BMP, TIFF) with a pixel limit checked before decoding.
 *
 * <p>Every failure is an {@link InvalidImageException} naming the field, the value and the rule:
 * an empty file, bytes that are no image, a known but unsupported format (WebP, HEIC, AVIF,
 * JPEG XL), a header that declares more than {@link ImageLimits#maxPixels()}, or damaged data.
 * A GIF or TIFF with several frames yields its first frame. A JPEG's EXIF orientation tag is
 * applied, so a photo taken with the phone turned comes out upright. Thread-safe.
 *
 * <p>Implementation notes: the JDK's {@link ImageReader}s read the width and height from the
 * header without decoding pixels, so the limit is checked first. The JDK's WBMP reader is left
 * out: WBMP has no magic number, and its reader accepts many files that are not images. A
 * reader is accepted when any of its provider's format names is supported, because
 * {@link ImageReader#getFormatName()} returns only one of them (the TIFF reader returns "tif").
 */
public final class ImageDecoder {

    /** Format names as the JDK's reader providers list them; the TIFF reader calls itself "tif". */
    private static final Set<String> SUPPORTED = Set.of("png", "jpeg", "gif", "bmp", "tiff", "tif");

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    /** Returns a decoder with {@link ImageLimits#DEFAULT}. */
    public static ImageDecoder withDefaultLimits() {
        return new ImageDecoder(ImageLimits.DEFAULT);
    }

    /**
     * Decodes a file from disk.
     *
     * @param field name of the input, used in error messages (for a command line, the argument name)
     * @throws InvalidImageException when the file is not a usable image
     * @throws IOException           when the file cannot be read
     */
    public BufferedImage decode(Path file, String field) throws IOException {
        try {
            checkSize(field, file.toString(), Files.size(file));
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(field, file.toString(), InvalidImageException.Reason.NOT_AN_IMAGE, "file not found");
        }
        return decode(Files.readAllBytes(file), field, file.toString());
    }

    /**
     * Decodes an uploaded file.
     *
     * @param field    name of the request field, used in error messages
     * @param fileName the uploaded file's name or path for error messages, or {@code null}
     * @throws InvalidImageException when the bytes are not a usable image
     */
    public BufferedImage decode(byte[] bytes, String field, String fileName) {
        String displayName = fileName == null ? bytes.length + " bytes" : fileName;
        checkSize(field, displayName, bytes.length);

        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = supportedReader(input);
            if (reader == null) {
                throw unrecognised(field, displayName, bytes);
            }
            try {
                reader.setInput(input, true, true);
                checkPixels(field, displayName, reader.getWidth(0), reader.getHeight(0));
                BufferedImage image = reader.read(0);
                return isJpeg(reader) ? ExifOrientation.of(bytes).apply(image) : image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidImageException invalid) {
                throw invalid;
            }
            throw new InvalidImageException(field, displayName, InvalidImageException.Reason.CORRUPT,
                    "the image data is damaged or uses an unsupported variant (" + e.getMessage() + ")");
        }
    }

    private void checkSize(String field, String displayName, long size) {
        if (size == 0) {
            throw new InvalidImageException(field, displayName, InvalidImageException.Reason.EMPTY, "the file is empty");
        }
        if (size > limits.maxBytes()) {
            throw new InvalidImageException(field, displayName, InvalidImageException.Reason.FILE_TOO_LARGE,
                    "the file has " + size + " bytes, more than the limit of " + limits.maxBytes());
        }
    }

    private void checkPixels(String field, String displayName, int width, int height) {
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(field, displayName, InvalidImageException.Reason.CORRUPT, "the header declares a size of " + width + "x" + height);
        }
        if (pixels > limits.maxPixels()) {
            throw new InvalidImageException(field, displayName, InvalidImageException.Reason.TOO_MANY_PIXELS,
                    "the image is " + width + "x" + height + " = " + pixels + " pixels, more than the limit of " + limits.maxPixels());
        }
    }

    private static ImageReader supportedReader(ImageInputStream input) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (hasFormat(reader, SUPPORTED)) {
                return reader;
            }
            reader.dispose();
        }
        return null;
    }

    private static boolean isJpeg(ImageReader reader) {
        return hasFormat(reader, Set.of("jpeg"));
    }

    private static boolean hasFormat(ImageReader reader, Set<String> formats) {
        ImageReaderSpi provider = reader.getOriginatingProvider();
        if (provider == null) {
            return false;
        }
        for (String name : provider.getFormatNames()) {
            if (formats.contains(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static InvalidImageException unrecognised(String field, String displayName, byte[] bytes) {
        String format = knownUnsupportedFormat(bytes);
        if (format != null) {
            return new InvalidImageException(field, displayName, InvalidImageException.Reason.UNSUPPORTED_FORMAT,
                    "the file is a " + format + " image; supported formats are PNG, JPEG, GIF, BMP and TIFF");
        }
        return new InvalidImageException(field, displayName, InvalidImageException.Reason.NOT_AN_IMAGE,
                "the file is not an image; supported formats are PNG, JPEG, GIF, BMP and TIFF");
    }

    /** Recognises image formats by magic number that the JDK cannot decode. */
    static String knownUnsupportedFormat(byte[] bytes) {
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WEBP")) {
            return "WebP";
        }
        if (startsWith(bytes, 4, "ftyp")) {
            String brand = ascii(bytes, 8, 4);
            if (brand.startsWith("avi")) {
                return "AVIF";
            }
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) {
                return "HEIC";
            }
        }
        if (startsWith(bytes, 0, "\u00ff\n") || startsWith(bytes, 4, "JXL ")) {
            return "JPEG XL";
        }
        if (startsWith(bytes, 0, "8BPS")) {
            return "Photoshop";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, String magic) {
        return ascii(bytes, offset, magic.length()).equals(magic);
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        if (bytes.length < offset + length) {
            return "";
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
