package dev.easel.engine.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelLocationsTest {

    @Test
    void modelsDir_optionBeatsEnvironmentBeatsDefault() {
        Map<String, String> environment = Map.of("EASEL_MODELS_DIR", "/srv/models");

        assertThat(ModelLocations.modelsDir(Path.of("/opt/m"), environment)).isEqualTo(Path.of("/opt/m"));
        assertThat(ModelLocations.modelsDir(null, environment)).isEqualTo(Path.of("/srv/models"));
        assertThat(ModelLocations.modelsDir(null, Map.of())).isEqualTo(Path.of("data/models"));
    }

    @Test
    void cacheDir_explicitBeatsXdgBeatsHome() {
        assertThat(ModelLocations.cacheDir(Map.of("EASEL_CACHE_DIR", "/c", "XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/c"));
        assertThat(ModelLocations.cacheDir(Map.of("XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/x/easel/npm"));
        assertThat(ModelLocations.cacheDir(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "easel", "npm"));
    }
}
