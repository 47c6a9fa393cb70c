package dev.easel.sim.service;

import dev.easel.sim.workload.CsvTable;
import dev.easel.sim.workload.TraceFormatException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Base-model load times drawn uniformly, with replacement, from a measured sample.
 *
 * <p>The file has the columns {@code kind} and {@code latency_ms}, in any order, and may have
 * more; only rows of kind {@code base_model} are used, and each latency must lie between 1 ms and
 * {@value #MAX_LATENCY_MILLIS} ms (an hour). LoRA load rows are ignored, because the simulator assumes the trace's measured execution
 * times already include applying LoRA adapters.
 */
final class MeasuredLoadTimes implements LoadTimeSource {

    static final long MAX_LATENCY_MILLIS = 3_600_000;

    private final long[] samples;
    private final Path file;

    private MeasuredLoadTimes(long[] samples, Path file) {
        this.samples = samples;
        this.file = file;
    }

    /**
     * Reads the base-model rows of a latency file.
     *
     * @throws TraceFormatException when the file cannot be read, lacks a column, has a malformed
     *                              latency or has no base-model rows
     */
    static MeasuredLoadTimes read(Path file) {
        CsvTable table = CsvTable.read(file, List.of("kind", "latency_ms"));
        long[] values = new long[table.size()];
        int count = 0;
        for (int row = 0; row < table.size(); row++) {
            if (!table.text(row, "kind").equals("base_model")) {
                continue;
            }
            long value = table.integer(row, "latency_ms", -1);
            if (value < 1 || value > MAX_LATENCY_MILLIS) {
                throw table.invalid(row, "latency_ms", table.text(row, "latency_ms"),
                        "an integer number of milliseconds between 1 and " + MAX_LATENCY_MILLIS);
            }
            values[count++] = value;
        }
        if (count == 0) {
            throw new TraceFormatException(file + ": no base_model rows, cannot draw model load times");
        }
        return new MeasuredLoadTimes(Arrays.copyOf(values, count), file);
    }

    @Override
    public long drawMillis(SplittableRandom random) {
        return samples[random.nextInt(samples.length)];
    }

    @Override
    public String description() {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return String.format("model load times drawn from %d measured base-model loads in %s (p10 %.1f s, median %.1f s, p90 %.1f s)",
                sorted.length, file.getFileName(), sorted[sorted.length / 10] / 1000.0, sorted[sorted.length / 2] / 1000.0,
                sorted[sorted.length * 9 / 10] / 1000.0);
    }
}
