package dev.easel.engine.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TarballReaderTest {

    @Test
    void inside_entryLeavingTheFolder_returnsNull() {
        Path folder = Path.of("/tmp/model");

        assertThat(TarballReader.inside(folder, "models/x2/model.json")).isEqualTo(Path.of("/tmp/model/models/x2/model.json"));
        assertThat(TarballReader.inside(folder, "models/../../etc/passwd")).isNull();
        assertThat(TarballReader.inside(folder, "/etc/passwd")).isNull();
        assertThat(TarballReader.inside(folder, ".")).isNull();
    }
}
