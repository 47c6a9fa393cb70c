package dev.easel.sim.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.sim.workload.TraceFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredLoadTimesTest {

    @TempDir
    Path folder;

    @Test
    void byteOrderMark_isSkipped() throws Exception {
        Path file = Files.writeString(folder.resolve("loads.csv"), "\uFEFFkind,latency_ms\nbase_model,2000\n");

        assertThat(LoadTimeSource.measured(file).drawMillis(new SplittableRandom(1))).isEqualTo(2_000);
    }

    @Test
    void columnsInOtherOrder_areFoundByName() throws Exception {
        Path file = Files.writeString(folder.resolve("loads.csv"), "latency_ms,kind,host\n2000,base_model,h1\n500,lora,h1\n");

        assertThat(LoadTimeSource.measured(file).drawMillis(new SplittableRandom(1))).isEqualTo(2_000);
    }

    @Test
    void emptyFile_saysItIsEmpty() throws Exception {
        Path file = Files.writeString(folder.resolve("loads.csv"), "");

        assertThatThrownBy(() -> LoadTimeSource.measured(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(file + ": file is empty, expected a header row naming the columns kind,latency_ms");
    }

    @Test
    void afterBlankLine_reportsRealLine() throws Exception {
        Path file = Files.writeString(folder.resolve("loads.csv"), "kind,latency_ms\n\nbase_model,0\n");

        assertThatThrownBy(() -> LoadTimeSource.measured(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("line 3: column latency_ms is '0', expected an integer number of milliseconds between 1 and");
    }
}
