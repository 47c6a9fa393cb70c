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
    void read_valuesBeyondLimits_nameLineColumnAndLimit() throws IOException {
        String header = "t_ms,user,task,status,steps,num_images,exec_s,model,num_lora\n";
        List<List<String>> cases = List.of(
                List.of("0,U,txt2img,succeed,99999999999,1,20,M,0", "column steps is '99999999999', expected an integer between 0 and 10000"),
                List.of("0,U,txt2img,succeed,30,4294967296,20,M,0", "column num_images is '4294967296', expected an integer between 0 and 1000"),
                List.of("0,U,txt2img,succeed,30,1,20,M,5000000000", "column num_lora is '5000000000', expected an integer between 0 and 100"),
                List.of("0,U,txt2img,succeed,30,1,1e300,M,0", "column exec_s is '1e300', expected a number of seconds between 0 and 86400"),
                List.of("0,U,txt2img,succeed,30,1,NaN,M,0", "column exec_s is 'NaN', expected a number of seconds between 0 and 86400"),
                List.of("9000000000000000000,U,txt2img,succeed,30,1,20,M,0", "column t_ms is '9000000000000000000', expected an integer between 0 and"));
        for (List<String> testCase : cases) {
            Path file = write(header + testCase.get(0) + "\n");

            assertThatThrownBy(() -> TraceReader.read(file))
                    .as(testCase.get(0))
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessageContaining(file + " line 2: " + testCase.get(1));
        }
    }

    @Test
    void read_unknownTask_rejectsWithLineAndColumn() throws IOException {
        Path file = write("t_ms,user,task,status,steps,num_images,exec_s,model,num_lora\n0,U,upscale,succeed,30,1,20,M,0\n");

        assertThatThrownBy(() -> TraceReader.read(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("line 2: column task is 'upscale', expected txt2img, img2img or inpaint");
    }

    @Test
    void read_byteOrderMark_isSkipped() throws IOException {
        Path file = write("\uFEFFt_ms,user,task,status,steps,num_images,exec_s,model,num_lora\n0,U,txt2img,succeed,30,1,20,M,0\n");

        assertThat(TraceReader.read(file)).hasSize(1);
    }

    @Test
    void read_afterBlankLine_reportsRealLine() throws IOException {
        Path file = write("t_ms,user,task,status,steps,num_images,exec_s,model,num_lora\n0,U,txt2img,succeed,30,1,20,M,0\n\n"
                + "1000,U,txt2img,succeed,thirty,1,20,M,0\n");

        assertThatThrownBy(() -> TraceReader.read(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("line 4: column steps is 'thirty'");
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
