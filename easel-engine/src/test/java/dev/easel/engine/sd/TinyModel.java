package dev.easel.engine.sd;

import dev.easel.engine.onnx.OnnxSessionFactory;
import dev.easel.engine.onnx.OnnxSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The bundled tiny random-weight Stable Diffusion model that the tests run on. */
public final class TinyModel {

    private TinyModel() {
    }

    /** Returns the model folder, from the {@code easel.tinySd} system property set by the parent POM. */
    public static Path folder() {
        String path = System.getProperty("easel.tinySd");
        if (path == null) {
            throw new IllegalStateException("system property easel.tinySd is not set; run the tests through Maven");
        }
        return Path.of(path);
    }

    /** Returns a CPU session factory with one intra-op thread, so tests stay light on shared machines. */
    public static OnnxSessionFactory sessions() {
        return new OnnxSessionFactory(OnnxSettings.defaults().withIntraOpThreads(1));
    }

    /** Copies the model folder into {@code target}, for tests that break a copy. */
    public static Path copyTo(Path target) {
        Path source = folder();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
