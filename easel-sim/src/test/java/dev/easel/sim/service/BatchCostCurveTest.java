package dev.easel.sim.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCostCurveTest {

    @TempDir
    Path folder;

    @Test
    void batch_costsLongestPlusMarginalOfTheRest() {
        BatchCostCurve curve = new BatchCostCurve(0.5);

        assertThat(curve.batchRunMillis(List.of(10_000L))).isEqualTo(10_000);
        assertThat(curve.batchRunMillis(List.of(10_000L, 6_000L, 4_000L))).isEqualTo(15_000);
        assertThat(new BatchCostCurve(1).batchRunMillis(List.of(10_000L, 6_000L))).isEqualTo(16_000);
    }

    @Test
    void marginalOutOfRange_rejects() {
        assertThatThrownBy(() -> new BatchCostCurve(1.5)).hasMessageContaining("between 0 and 1, was 1.5");
    }

    @Test
    void measuredLoadTimes_drawOnlyBaseModelRows() throws Exception {
        Path file = folder.resolve("loads.csv");
        Files.writeString(file, "kind,latency_ms\nbase_model,2000\nlora,99999\nbase_model,30000\n");

        LoadTimeSource source = LoadTimeSource.measured(file);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            assertThat(source.drawMillis(random)).isIn(2_000L, 30_000L);
        }
        assertThat(source.description()).contains("2 measured base-model loads");
    }

    @Test
    void measuredLoadTimes_badValue_namesLine() throws Exception {
        Path file = folder.resolve("loads.csv");
        Files.writeString(file, "kind,latency_ms\nbase_model,fast\n");

        assertThatThrownBy(() -> LoadTimeSource.measured(file)).hasMessageContaining("line 2: column latency_ms is 'fast', expected an integer");
    }

    @Test
    void parametricLoadTimes_matchTheMeasuredShape() {
        LoadTimeSource source = LoadTimeSource.parametric();
        SplittableRandom random = new SplittableRandom(2);
        long[] draws = new long[20_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = source.drawMillis(random);
        }
        java.util.Arrays.sort(draws);

        assertThat(draws[draws.length / 10]).isBetween(2_000L, 4_000L);
        assertThat(draws[draws.length / 2]).isBetween(18_000L, 32_000L);
        assertThat(draws[draws.length * 9 / 10]).isBetween(36_000L, 52_000L);
    }
}
