package dev.easel.sim.report;

import dev.easel.sim.metrics.PolicyMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes results in long form, {@code scenario,policy,metric,value}, one figure per line, so that
 * a spreadsheet or a script can pivot them. Metrics that do not apply are left empty.
 */
public final class CsvReport {

    private CsvReport() {
    }

    public static void write(Path file, List<ScenarioResult> results) {
        StringBuilder csv = new StringBuilder("scenario,policy,metric,value\n");
        for (ScenarioResult result : results) {
            for (MetricRows.Row row : MetricRows.rows(result.tiers(), result.policies())) {
                for (PolicyMetrics metrics : result.policies()) {
                    Double value = row.value().apply(metrics);
                    csv.append(result.scenario()).append(',')
                            .append(metrics.policy()).append(',')
                            .append(row.name().replace(',', ';')).append(',')
                            .append(value == null || value.isNaN() ? "" : String.format(Locale.ROOT, "%.6g", value))
                            .append('\n');
                }
            }
        }
        try {
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
    }
}
