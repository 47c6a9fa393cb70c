package dev.easel.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

    @TempDir
    Path folder;

    static Path fixture() throws URISyntaxException {
        return Path.of(TraceReaderTest.class.getResource("/trace-fixture.csv").toURI());
    }

    @Test
    void read_fixture_parsesEveryColumn() throws Exception {
        List<TraceRequest> requests = TraceReader.read(fixture());

        assertThat(requests).hasSize(6);
        assertThat(requests.get(2)).isEqualTo(new TraceRequest(10_000, "A01", "img2img", "failed", 30, 1, 4, "MB", 1));
        assertThat(requests.get(4).steps()).isZero();
        assertThat(requests.get(4).images()).isZero();
        assertThat(requests.get(4).hasMeasuredRunTime()).isFalse();
        assertThat(requests.get(5).model()).isEmpty();
    }

    @Test
    void read_sourceTaskNames_mapsToWireNames() throws IOException {
        Path file = write("t_ms,user,task,status,steps,num_images,exec_s,model,num_lora\n0,U,TXT_2_IMG,succeed,30,1,20,M,0\n");

        assertThat(TraceReader.read(file).get(0).task()).isEqualTo("txt2img");
    }

    @Test
    void read_missingColumn_namesIt() throws IOException {
        Path file = write("t_ms,user,task,status,steps,num_images,model,num_lora\n0,U,txt2img,succeed,30,1,M,0\n");

        assertThatThrownBy(() -> TraceReader.read(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("lacks column 'exec_s'");
    }

    @Test
    void read_malformedInteger_namesLineColumnAndValue() throws IOException {
        Path file = write("t_ms,user,task,status,steps,num_images,exec_s,model,num_lora\n0,U,txt2img,succeed,thirty,1,20,M,0\n");

        assertThatThrownBy(() -> TraceReader.read(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("column steps is 'thirty'");
    }

    @Test
    void read_arrivalsGoingBack_rejects() throws IOException {
        Path file = write("t_ms,user,task,status,steps,num_images,exec_s,model,num_lora\n"
                + "5000,U,txt2img,succeed,30,1,20,M,0\n1000,U,txt2img,succeed,30,1,20,M,0\n");

        assertThatThrownBy(() -> TraceReader.read(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("sorted by arrival");
    }

    @Test
    void read_missingFile_saysNotFound() {
        assertThatThrownBy(() -> TraceReader.read(folder.resolve("absent.csv")))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("file not found");
    }

    @Test
    void shapes_fillUnknownFields() throws Exception {
        List<JobShape> shapes = TraceShapes.of(TraceReader.read(fixture()));

        // Pending request of model MB: steps 30, one image, median of MB's measured times (4 s and 30 s -> lower median 4 s).
        assertThat(shapes.get(4)).isEqualTo(new JobShape("MB", "txt2img", 30, 1, 0, 4_000));
        // Pending request without a model: its own model, the median of all measured times (4, 20, 30, 40 -> 20 s).
        assertThat(shapes.get(5)).isEqualTo(new JobShape(TraceShapes.UNKNOWN_MODEL, "txt2img", 30, 1, 0, 20_000));
        assertThat(shapes.get(1).soloRunMillis()).isEqualTo(40_000);
    }

    private Path write(String text) throws IOException {
        Path file = folder.resolve("trace.csv");
        Files.writeString(file, text);
        return file;
    }
}
