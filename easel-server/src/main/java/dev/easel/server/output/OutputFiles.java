package dev.easel.server.output;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local output folder: image files written so that a reader never sees a partial one.
 *
 * <p>Each file is written to a temporary name in its final folder, forced to disk, then renamed
 * over its final name in one atomic step. The final name depends only on the task, the job and
 * the image index, so a retried attempt replaces, rather than adds to, a file an interrupted
 * attempt left behind. Thread-safe.
 */
public final class OutputFiles {

    /**
     * A file now fully on disk.
     *
     * @param relativePath path under the output folder, forward slashes
     * @param sizeBytes    file size
     * @param sha256       hex sha256 of the content
     */
    public record StoredFile(String relativePath, long sizeBytes, String sha256) {
    }

    private static final Logger log = LoggerFactory.getLogger(OutputFiles.class);
    private static final String TEMP_SUFFIX = ".partial";

    private final Path root;

    public OutputFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + this.root, e);
        }
    }

    /** Returns the absolute output folder. */
    public Path root() {
        return root;
    }

    /**
     * Writes one image and returns where it is.
     *
     * @param extension file extension without the dot, for example {@code png}
     * @throws UncheckedIOException when the file cannot be written
     */
    public StoredFile write(String taskId, String jobId, int index, String extension, byte[] content) {
        String relative = taskId + "/" + jobId + "-" + index + "." + extension;
        Path target = root.resolve(relative);
        Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write output " + target, e);
        }
        return new StoredFile(relative, content.length, sha256(content));
    }

    /** Returns the absolute path of a stored file, refusing paths that leave the output folder. */
    public Path resolve(String relativePath) {
        Path path = root.resolve(relativePath).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("output path leaves the output folder: " + relativePath);
        }
        return path;
    }

    /** Deletes the files of a task whose outputs were discarded (a cancel that won the race). */
    public void deleteTaskFiles(String taskId) {
        Path folder = root.resolve(taskId);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(OutputFiles::deleteQuietly);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            log.atWarn().addKeyValue("task_id", taskId).setCause(e).log("cannot delete discarded outputs");
        }
    }

    /**
     * Deletes stored files by their paths relative to the output folder, for outputs that were
     * discarded (a cancel that won the race against the end of their job). Files of other jobs of
     * the same task stay. A file that cannot be deleted is logged and skipped.
     */
    public void deleteFiles(List<String> relativePaths) {
        for (String relativePath : relativePaths) {
            deleteQuietly(resolve(relativePath));
        }
    }

    /** Deletes temporary files an interrupted write left behind; returns how many. */
    public int deleteLeftovers() {
        try (Stream<Path> files = Files.walk(root)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX))
                    .peek(OutputFiles::deleteQuietly)
                    .count();
        } catch (IOException e) {
            log.atWarn().setCause(e).log("cannot scan the output folder for leftovers");
            return 0;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.atWarn().addKeyValue("path", path).setCause(e).log("cannot delete file");
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
