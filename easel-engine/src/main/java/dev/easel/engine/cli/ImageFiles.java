package dev.easel.engine.cli;

import dev.easel.engine.image.ImageDecoder;
import dev.easel.engine.image.InvalidImageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reading input images and writing output files for the image commands. */
final class ImageFiles {

    /** Name of the recipe parameter that records the input file's SHA-256 (hex). */
    static final String INPUT_SHA256 = "input_sha256";

    private ImageFiles() {
    }

    /**
     * A decoded input file.
     *
     * @param image  the pixels, upright (EXIF orientation applied)
     * @param sha256 SHA-256 of the file's bytes, lower-case hex, as {@code sha256sum} prints it
     */
    record InputImage(BufferedImage image, String sha256) {
    }

    /**
     * Decodes {@code file} with the default limits.
     *
     * @param name the argument or option that named the file, for example {@code IN}; errors name it
     */
    static InputImage read(Path file, String name) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidImageException(name, file, InvalidImageException.Reason.NOT_AN_IMAGE, "is a folder, not an image file");
        }
        BufferedImage image = ImageDecoder.withDefaultLimits().decode(file, name);
        return new InputImage(image, sha256(file));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Writes {@code bytes} to {@code file}, creating its parent folders. */
    static void write(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, bytes);
    }
}
