package dev.easel.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies of the test catalogs under {@code src/test/resources}, which a server under test may change. */
public final class TestCatalogs {

    private TestCatalogs() {
    }

    /**
     * Creates a temporary data folder whose {@code catalog} folder is a copy of a test catalog.
     *
     * @param resourceFolder the catalog's folder under {@code src/test/resources}, for example {@code catalog-deadlines}
     * @param prefix         the name prefix of the temporary folder
     * @return the data folder
     */
    public static Path newDataFolder(String resourceFolder, String prefix) {
        try {
            Path data = Files.createTempDirectory(prefix);
            Path source = Path.of("src/test/resources").resolve(resourceFolder);
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path from : paths.toList()) {
                    Path to = data.resolve("catalog").resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
