package dev.easel.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.InvalidParametersException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLocationsTest {

    @TempDir
    Path temp;

    @Test
    void reason_accessDenied_isPermissionDenied() {
        assertThat(OutputLocations.reason(new AccessDeniedException("/srv/out"))).isEqualTo("permission denied");
    }

    @Test
    void reason_readOnlyFileSystem_usesTheSystemWords() {
        FileSystemException readOnly = new FileSystemException("/mnt/cd/x.png", null, "Read-only file system");

        assertThat(OutputLocations.reason(readOnly)).isEqualTo("read-only file system");
    }

    @Test
    void prepareFolder_missingNestedFolder_createsIt() {
        Path nested = temp.resolve("a/b/c");

        OutputLocations.prepareFolder(nested, "--out");

        assertThat(nested).isDirectory();
        assertThat(nested).isEmptyDirectory();
    }

    @Test
    void preparePngFile_upperCaseSuffix_accepted() throws IOException {
        Path file = temp.resolve("out/PHOTO.PNG");

        OutputLocations.preparePngFile(file, "OUT", temp.resolve("in.png"));

        assertThat(file.getParent()).isDirectory();
    }

    @Test
    void preparePngFile_existingFolder_rejects() throws IOException {
        Path folder = Files.createDirectory(temp.resolve("taken.png"));

        assertThatThrownBy(() -> OutputLocations.preparePngFile(folder, "OUT", temp.resolve("in.png")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("OUT = " + folder + ": is a folder, not a file");
    }
}
