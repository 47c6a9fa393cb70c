package dev.easel.engine.cli;

import dev.easel.engine.image.ImageDecoder;
import dev.easel.engine.image.InvalidImageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading input images and writing output files for the image commands. */
final class ImageFiles {

    private ImageFiles() {
    }

    /** Decodes {@code file} with the default limits; errors name the {@code IN} argument. */
    static BufferedImage read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidImageException("IN", file, InvalidImageException.Reason.NOT_AN_IMAGE, "is a folder, not an image file");
        }
        return ImageDecoder.withDefaultLimits().decode(file, "IN");
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
