package dev.easel.server.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputFilesTest {

    @TempDir
    Path root;

    @Test
    void write_leavesOneCompleteFileAndNoTemporary() throws Exception {
        OutputFiles files = new OutputFiles(root);

        OutputFiles.StoredFile stored = files.write("tsk_1", "job_1_0", 0, "png", new byte[] {1, 2, 3});

        assertThat(stored.relativePath()).isEqualTo("tsk_1/job_1_0-0.png");
        assertThat(stored.sizeBytes()).isEqualTo(3);
        assertThat(stored.sha256()).isEqualTo("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        assertThat(Files.readAllBytes(files.resolve(stored.relativePath()))).containsExactly(1, 2, 3);
        try (Stream<Path> all = Files.list(root.resolve("tsk_1"))) {
            assertThat(all.toList()).hasSize(1);
        }
    }

    @Test
    void write_secondAttempt_replacesTheFirstFile() throws Exception {
        OutputFiles files = new OutputFiles(root);
        files.write("tsk_1", "job_1_0", 0, "png", new byte[] {1});

        files.write("tsk_1", "job_1_0", 0, "png", new byte[] {2, 2});

        try (Stream<Path> all = Files.list(root.resolve("tsk_1"))) {
            assertThat(all.toList()).hasSize(1);
        }
        assertThat(Files.readAllBytes(files.resolve("tsk_1/job_1_0-0.png"))).containsExactly(2, 2);
    }

    @Test
    void deleteLeftovers_removesPartialFilesOnly() throws Exception {
        OutputFiles files = new OutputFiles(root);
        files.write("tsk_1", "job_1_0", 0, "png", new byte[] {1});
        Files.write(root.resolve("tsk_1/job_1_0-1.png.abc.partial"), new byte[] {9});

        assertThat(files.deleteLeftovers()).isEqualTo(1);

        try (Stream<Path> all = Files.list(root.resolve("tsk_1"))) {
            assertThat(all.map(p -> p.getFileName().toString()).toList()).containsExactly("job_1_0-0.png");
        }
    }

    @Test
    void resolve_pathLeavingTheFolder_isRejected() {
        OutputFiles files = new OutputFiles(root);

        assertThatThrownBy(() -> files.resolve("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
