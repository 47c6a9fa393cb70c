package dev.easel.catalog.load;

import dev.easel.catalog.ObjectKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The YAML files of one catalog, read into memory, plus the folder that contains its assets.
 *
 * <p>Files are keyed by their path relative to the catalog root with {@code /} separators, for
 * example {@code scenes/cutout.yaml}. Only {@code .yaml} and {@code .yml} files under the five kind
 * folders ({@code models}, {@code pipelines}, {@code templates}, {@code scenes}, {@code examples})
 * count; other files are ignored. Immutable.
 */
public final class CatalogSource {

    private final Path root;
    private final Map<String, String> files;

    private CatalogSource(Path root, Map<String, String> files) {
        this.root = root;
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * Reads every catalog YAML file under a folder.
     *
     * @throws UncheckedIOException when the folder or a file cannot be read
     */
    public static CatalogSource read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new UncheckedIOException(new IOException("catalog folder not found: " + root.toAbsolutePath()));
        }
        Map<String, String> files = new TreeMap<>();
        for (ObjectKind kind : ObjectKind.values()) {
            Path folder = root.resolve(kind.folder());
            if (Files.isDirectory(folder)) {
                readYamlFiles(root, folder, files);
            }
        }
        return new CatalogSource(root, files);
    }

    /** Returns a source of in-memory files, with assets resolved under {@code root} (may be {@code null}: no assets). */
    public static CatalogSource of(Path root, Map<String, String> files) {
        return new CatalogSource(root, files);
    }

    /**
     * Returns this source with some files replaced, added or removed.
     *
     * @param changes relative path to new content; a {@code null} content removes the file
     */
    public CatalogSource withChanges(Map<String, String> changes) {
        Map<String, String> changed = new TreeMap<>(files);
        changes.forEach((path, content) -> {
            String key = normalize(path);
            if (content == null) {
                changed.remove(key);
            } else {
                changed.put(key, content);
            }
        });
        return new CatalogSource(root, changed);
    }

    /** Returns the files by relative path, sorted. */
    public Map<String, String> files() {
        return files;
    }

    /** Returns the catalog root, or empty for a source without a folder. */
    public Optional<Path> root() {
        return Optional.ofNullable(root);
    }

    /**
     * Returns whether a relative path names a regular file inside the catalog root (see
     * {@link #resolveAsset}).
     */
    public boolean hasAsset(String relative) {
        return root != null && resolveAsset(root, relative).isPresent();
    }

    /**
     * Returns the regular file a relative path names inside a folder. Paths that are absolute,
     * climb out with {@code ..}, or lead out through a symbolic link name nothing.
     */
    public static Optional<Path> resolveAsset(Path root, String relative) {
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\")) {
            return Optional.empty();
        }
        try {
            Path base = root.toRealPath();
            Path file = base.resolve(relative).normalize();
            if (!file.startsWith(base) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Path real = file.toRealPath();
            return real.startsWith(base) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void readYamlFiles(Path root, Path folder, Map<String, String> files) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(CatalogSource::isYaml).sorted().toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                files.put(relative, Files.readString(path, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read catalog folder " + folder, e);
        }
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return Files.isRegularFile(path) && (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    private static String normalize(String path) {
        return path.replace('\\', '/').replaceFirst("^\\./", "");
    }
}
