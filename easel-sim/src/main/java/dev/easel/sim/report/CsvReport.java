package dev.easel.sim.report;

import dev.easel.sim.metrics.PolicyMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes results in long form, {@code scenario,policy,metric,value}, one figure per line, so that
 * a spreadsheet or a script can pivot them. Metrics that do not apply are left empty.
 *
 * <p>Values are plain decimals rounded to six significant digits, and whole numbers have no
 * fraction ({@code 26823}, {@code 0.000125}, never {@code 2.68230e+04}).
 */
public final class CsvReport {

    /**
     * A figure that is not one of a scenario's metric rows, such as a flood-isolation ratio or a
     * goal's achieved value.
     */
    public record Row(String scenario, String policy, String metric, double value) {
    }

    private CsvReport() {
    }

    /**
     * Writes every metric of every scenario, then the extra rows.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, List<ScenarioResult> results, List<Row> extraRows) {
        StringBuilder csv = new StringBuilder("scenario,policy,metric,value\n");
        for (ScenarioResult result : results) {
            for (MetricRows.Row row : MetricRows.rows(result.tiers(), result.policies())) {
                for (PolicyMetrics metrics : result.policies()) {
                    Double value = row.value().apply(metrics);
                    line(csv, result.scenario(), metrics.policy(), row.name(), value == null ? Double.NaN : value);
                }
            }
        }
        for (Row row : extraRows) {
            line(csv, row.scenario(), row.policy(), row.metric(), row.value());
        }
        try {
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
    }

    private static void line(StringBuilder csv, String scenario, String policy, String metric, double value) {
        csv.append(scenario).append(',')
                .append(policy).append(',')
                .append(metric.replace(',', ';')).append(',')
                .append(plain(value))
                .append('\n');
    }

    /** Returns a value as a plain decimal with at most six significant digits, or empty when it is not finite. */
    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
