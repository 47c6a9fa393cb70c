package dev.easel.server.it;

import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings or a catalog that cannot work stop the packaged server at startup with Spring Boot's
 * short failure report, which names the setting or the file, and with no stack trace.
 */
class StartupChecksIT {

    /** A line of a Java stack trace, as picocli or an unanalysed failure would print it. */
    private static final String STACK_FRAME = "\tat org.springframework";

    @TempDir
    Path data;

    @Test
    void defaultTierNotConfigured_failsNamingTheSetting() throws Exception {
        String log = failedStartLog(List.of("--easel.api.default-tier=gold"));

        assertThat(log).contains("APPLICATION FAILED TO START");
        assertThat(log).contains("Invalid value 'gold' for configuration property 'easel.api.default-tier'");
        assertThat(log).contains("it is not a configured tier");
        assertThat(log).doesNotContain(STACK_FRAME);
    }

    @Test
    void invalidCatalog_failsNamingFileAndProblem() throws Exception {
        Path catalog = data.resolve("catalog");
        Files.createDirectories(catalog.resolve("scenes"));
        Files.writeString(catalog.resolve("scenes/broken.yaml"), "id: broken\nbogus_field: 1\n");

        String log = failedStartLog(List.of("--easel.catalog.dir=" + catalog));

        assertThat(log).contains("APPLICATION FAILED TO START");
        assertThat(log).contains("Easel could not load its catalog");
        assertThat(log).contains("scenes/broken.yaml");
        assertThat(log).contains("bogus_field");
        assertThat(log).contains("EASEL_CATALOG_DIR");
        assertThat(log).doesNotContain(STACK_FRAME);
    }

    private String failedStartLog(List<String> settings) throws IOException, InterruptedException {
        try (ServerProcess server = ServerProcess.launch(data, settings)) {
            int exit = server.awaitExit(Duration.ofSeconds(120));

            assertThat(exit).as("exit code; log:%n%s", server.log()).isEqualTo(1);
            return server.log();
        }
    }
}
