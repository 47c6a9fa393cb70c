package dev.easel.engine.fetch;

import java.nio.file.Path;
import java.util.Map;

/**
 * Locations of the fetched models and of the npm tarball cache.
 *
 * <p>Models: a command-line option wins, then the environment variable {@code EASEL_MODELS_DIR},
 * then {@code ./data/models}. Cache: {@code EASEL_CACHE_DIR}, then
 * {@code $XDG_CACHE_HOME/easel/npm}, then {@code $HOME/.cache/easel/npm}.
 */
public final class ModelLocations {

    /** Environment variable that overrides the models folder. */
    public static final String MODELS_DIR_ENV = "EASEL_MODELS_DIR";
    /** Environment variable that overrides the npm tarball cache folder. */
    public static final String CACHE_DIR_ENV = "EASEL_CACHE_DIR";
    /** Environment variable naming the npm executable; {@code npm} on {@code PATH} when unset. */
    public static final String NPM_ENV = "EASEL_NPM";

    private ModelLocations() {
    }

    /**
     * Returns the models folder.
     *
     * @param override a folder given on the command line, or {@code null}
     */
    public static Path modelsDir(Path override) {
        return modelsDir(override, System.getenv());
    }

    /** Returns the npm tarball cache folder. */
    public static Path cacheDir() {
        return cacheDir(System.getenv());
    }

    /** Returns the npm executable to run. */
    public static String npmCommand() {
        String npm = System.getenv(NPM_ENV);
        return npm == null || npm.isBlank() ? "npm" : npm;
    }

    static Path modelsDir(Path override, Map<String, String> environment) {
        if (override != null) {
            return override;
        }
        String fromEnvironment = environment.get(MODELS_DIR_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? Path.of("data", "models") : Path.of(fromEnvironment);
    }

    static Path cacheDir(Map<String, String> environment) {
        String explicit = environment.get(CACHE_DIR_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("easel").resolve("npm");
    }
}
