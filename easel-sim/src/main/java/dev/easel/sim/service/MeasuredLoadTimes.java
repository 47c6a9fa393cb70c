package dev.easel.sim.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Base-model load times drawn uniformly, with replacement, from a measured sample.
 *
 * <p>The file has the header {@code kind,latency_ms}; only rows of kind {@code base_model} are
 * used. LoRA load rows are ignored, because the simulator assumes the trace's measured execution
 * times already include applying LoRA adapters.
 */
final class MeasuredLoadTimes implements LoadTimeSource {

    private final long[] samples;
    private final Path file;

    private MeasuredLoadTimes(long[] samples, Path file) {
        this.samples = samples;
        this.file = file;
    }

    static MeasuredLoadTimes read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.strip().equals("kind,latency_ms")) {
                throw new IllegalArgumentException(file + ": header is '" + header + "', expected 'kind,latency_ms'");
            }
            long[] values = new long[1024];
            int count = 0;
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String[] fields = line.strip().split(",");
                if (fields.length != 2 || !fields[0].equals("base_model")) {
                    continue;
                }
                long value = parse(file, lineNumber, fields[1]);
                if (count == values.length) {
                    values = Arrays.copyOf(values, count * 2);
                }
                values[count++] = value;
            }
            if (count == 0) {
                throw new IllegalArgumentException(file + ": no base_model rows, cannot draw model load times");
            }
            return new MeasuredLoadTimes(Arrays.copyOf(values, count), file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
    }

    private static long parse(Path file, int lineNumber, String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 1) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": latency_ms is " + value + ", expected at least 1");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": latency_ms '" + text + "' is not an integer");
        }
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
