package dev.easel.engine.cli;

import dev.easel.engine.InvalidParametersException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks where a command will write before it loads a model, so a bad output path costs no
 * inference time and gets an {@code invalid} line with the reason and exit 2.
 *
 * <p>Implementation notes: writability is tested by creating and deleting an empty temporary file
 * in the folder, because {@link Files#isWritable} checks only the permission bits, which root
 * passes even on a read-only file system or in {@code /proc}.
 */
final class OutputLocations {

    private static final String PNG_SUFFIX = ".png";

    private OutputLocations() {
    }

    /**
     * Checks an output PNG file and creates its parent folders.
     *
     * @param file  the output file as given
     * @param name  the argument's name for messages, for example {@code OUT}
     * @param input the input file, which must not be overwritten
     * @throws InvalidParametersException naming {@code file} and the reason
     */
    static void preparePngFile(Path file, String name, Path input) throws IOException {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(PNG_SUFFIX)) {
            throw new InvalidParametersException(name, file, "must end in .png, because the output is always a PNG file");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidParametersException(name, file, "is a folder, not a file");
        }
        if (Files.exists(file) && Files.exists(input) && Files.isSameFile(file, input)) {
            throw new InvalidParametersException(name, file, "is the input file; choose another name so the input is kept");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            prepareFolder(parent, name, file);
        }
    }

    /**
     * Creates an output folder when it is missing and checks that files can be created in it.
     *
     * @param name the option's name for messages, for example {@code --out}
     * @throws InvalidParametersException naming {@code folder} and the reason
     */
    static void prepareFolder(Path folder, String name) {
        prepareFolder(folder, name, folder);
    }

    private static void prepareFolder(Path folder, String name, Path displayedPath) {
        Path blocking = firstExistingNonFolder(folder.toAbsolutePath());
        if (blocking != null) {
            String where = blocking.equals(displayedPath.toAbsolutePath()) ? "" : blocking + " ";
            throw new InvalidParametersException(name, displayedPath, where + "is a file, not a folder");
        }
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".easel-write-check-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new InvalidParametersException(name, displayedPath, "cannot create files in folder " + folder + ": " + reason(e));
        }
    }

    /** Returns the path or its nearest existing ancestor when that is not a folder, else {@code null}. */
    private static Path firstExistingNonFolder(Path path) {
        for (Path current = path; current != null; current = current.getParent()) {
            if (Files.exists(current)) {
                return Files.isDirectory(current) ? null : current;
            }
        }
        return null;
    }

    /** Returns why a file operation failed, in the words the operating system uses. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            String reason = fileSystem.getReason();
            return reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
        }
        if (e instanceof NoSuchFileException) {
            // For example /proc, where creating a file fails with ENOENT although the folder exists.
            return "no such file or directory";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
