package dev.easel.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the test catalog in {@code src/test/resources/fixture-catalog} in a temporary folder,
 * with small editing helpers. Models: toy-sd (versions 1, 2, 3-narrow; stable -> 1, canary -> 2),
 * toy-cut, toy-up. Pipelines: generate (one step with templates), cut-up (two steps). Scenes:
 * poster (with pro and free presets for the hidden steps field), cutout. Examples: ink-cat, cut-photo.
 */
public final class FixtureCatalog {

    /** A fixed clock for audit entries: 2026-01-02T03:04:05Z. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private final Path root;

    private FixtureCatalog(Path root) {
        this.root = root;
    }

    /** Copies the fixture into {@code folder} (which must exist and be empty). */
    public static FixtureCatalog copyInto(Path folder) {
        Path source = resource("/fixture-catalog");
        copyTree(source, folder);
        return new FixtureCatalog(folder);
    }

    /** Returns the bundled starter catalog in the repository root. */
    public static Path starterCatalog() {
        String repoRoot = System.getProperty("easel.repoRoot");
        Path root = repoRoot != null ? Path.of(repoRoot) : Path.of("..").toAbsolutePath().normalize();
        return root.resolve("catalog");
    }

    public Path root() {
        return root;
    }

    public LiveCatalog open() {
        return LiveCatalog.open(root, CLOCK, List.of());
    }

    public String read(String file) {
        try {
            return Files.readString(root.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String file, String content) {
        try {
            Path path = root.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a file's content with one exact piece of text replaced; fails when it is absent. */
    public String edited(String file, String from, String to) {
        String content = read(file);
        assertThat(content).as("fixture %s must contain the text to edit", file).contains(from);
        return content.replace(from, to);
    }

    /** Replaces one exact piece of text in a file. */
    public void edit(String file, String from, String to) {
        write(file, edited(file, from, to));
    }

    public void delete(String file) {
        try {
            Files.delete(root.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(FixtureCatalog.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
