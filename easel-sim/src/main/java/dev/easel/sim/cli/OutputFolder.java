package dev.easel.sim.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --out} folder: checked and created before the simulation runs, so a bad path costs
 * no simulation time, and cleared of this command's own earlier outputs, so that a chart of a
 * scenario that did not run this time cannot sit beside the new report.
 */
final class OutputFolder {

    static final String REPORT = "report.txt";
    static final String RESULTS = "results.csv";
    static final String CHART_PREFIX = "wait-p95-";
    static final String CHART_SUFFIX = ".png";

    private OutputFolder() {
    }

    /**
     * Creates the folder if needed and checks that files can be written into it.
     *
     * @throws IllegalArgumentException naming {@code --out} when the path is empty, is a file, lies
     *                                  under a file or cannot be created or written
     */
    static void prepare(Path folder) {
        if (folder.toString().isBlank()) {
            throw OptionChecks.invalid("--out", "''", "must name a folder; use --out . for the current folder");
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw OptionChecks.invalid("--out", folder, "is a file, expected a folder");
        }
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw OptionChecks.invalid("--out", folder, "cannot create the folder because " + e.getFile() + " is a file");
        } catch (IOException e) {
            throw OptionChecks.invalid("--out", folder, "cannot create the folder: " + describe(e));
        }
        Path probe = folder.resolve(".easel-simulate-write-check");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw OptionChecks.invalid("--out", folder, "cannot write into the folder: " + describe(e));
        }
    }

    /**
     * Deletes the files an earlier run of this command wrote: {@value #REPORT}, {@value #RESULTS}
     * and {@code wait-p95-*.png}. Other files stay.
     *
     * @throws IllegalArgumentException naming {@code --out} when one cannot be deleted
     */
    static void removeEarlierOutputs(Path folder) {
        List<Path> earlier = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (isOwnOutput(file.getFileName().toString()) && Files.isRegularFile(file)) {
                    earlier.add(file);
                }
            }
            for (Path file : earlier) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw OptionChecks.invalid("--out", folder, "cannot remove the outputs of an earlier run: " + describe(e));
        }
    }

    static boolean isOwnOutput(String name) {
        return name.equals(REPORT) || name.equals(RESULTS) || (name.startsWith(CHART_PREFIX) && name.endsWith(CHART_SUFFIX));
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getFile() + ": " + failed.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
