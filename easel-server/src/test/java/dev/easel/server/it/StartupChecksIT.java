package dev.easel.server.it;

import dev.easel.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings that cannot work stop the packaged server at startup with a message naming the setting. */
class StartupChecksIT {

    @TempDir
    Path data;

    @Test
    void defaultTierNotConfigured_failsAtStartupNamingTheSetting() throws Exception {
        try (ServerProcess server = ServerProcess.launch(data, List.of("--easel.api.default-tier=gold"))) {
            int exit = server.awaitExit(Duration.ofSeconds(120));

            assertThat(exit).as("exit code; log:%n%s", server.log()).isNotIn(0, -1);
            assertThat(server.log()).contains("easel.api.default-tier is 'gold', which is not a configured tier");
        }
    }
}
