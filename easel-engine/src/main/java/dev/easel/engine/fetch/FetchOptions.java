package dev.easel.engine.fetch;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Selection and settings for {@link ModelFetcher#ensureAll}.
 *
 * @param skipAgpl   leave out models whose files are under the AGPL (the IS-Net background remover)
 * @param only       install only these model ids; empty means all
 * @param cacheDir   folder of cached npm tarballs
 * @param npmCommand the npm executable, a name on {@code PATH} or a path
 * @param progress   receives one human-readable line per step, for example to print to the console
 */
public record FetchOptions(boolean skipAgpl, Set<String> only, Path cacheDir, String npmCommand, Consumer<String> progress) {

    public FetchOptions {
        only = Set.copyOf(only);
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(npmCommand, "npmCommand");
        Objects.requireNonNull(progress, "progress");
    }

    /** Returns options that install every model, with the cache and npm from the environment, printing to standard output. */
    public static FetchOptions defaults() {
        return new FetchOptions(false, Set.of(), ModelLocations.cacheDir(), ModelLocations.npmCommand(), System.out::println);
    }

    public FetchOptions withSkipAgpl(boolean value) {
        return new FetchOptions(value, only, cacheDir, npmCommand, progress);
    }

    public FetchOptions withOnly(Set<String> ids) {
        return new FetchOptions(skipAgpl, ids, cacheDir, npmCommand, progress);
    }

    public FetchOptions withCacheDir(Path value) {
        return new FetchOptions(skipAgpl, only, value, npmCommand, progress);
    }

    public FetchOptions withNpmCommand(String value) {
        return new FetchOptions(skipAgpl, only, cacheDir, value, progress);
    }

    public FetchOptions withProgress(Consumer<String> value) {
        return new FetchOptions(skipAgpl, only, cacheDir, npmCommand, value);
    }
}
