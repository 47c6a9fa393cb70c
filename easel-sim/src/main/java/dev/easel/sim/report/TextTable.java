package dev.easel.sim.report;

import dev.easel.sim.metrics.PolicyMetrics;
import java.util.List;

/**
 * Formats a scenario as a fixed-width table: one row per metric, one column per policy. Every
 * cell starts with at least one space, so that a value wider than its column is still separated from its neighbour.
 */
public final class TextTable {

    private TextTable() {
    }

    public static String format(ScenarioResult result) {
        List<MetricRows.Row> rows = MetricRows.rows(result.tiers(), result.policies());
        int nameWidth = rows.stream().mapToInt(row -> row.name().length()).max().orElse(10);
        int columnWidth = Math.max(11, result.policies().stream().mapToInt(metrics -> metrics.policy().length()).max().orElse(0) + 2);

        StringBuilder text = new StringBuilder();
        text.append("== ").append(result.scenario()).append(": ").append(result.description()).append('\n');
        text.append(pad("metric", nameWidth));
        for (PolicyMetrics metrics : result.policies()) {
            text.append(padLeft(metrics.policy(), columnWidth));
        }
        text.append('\n');
        for (MetricRows.Row row : rows) {
            text.append(pad(row.name(), nameWidth));
            for (PolicyMetrics metrics : result.policies()) {
                Double value = row.value().apply(metrics);
                String cell = value == null || value.isNaN() ? "-" : String.format(row.format(), value);
                text.append(padLeft(cell, columnWidth));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String pad(String text, int width) {
        return String.format("%-" + width + "s", text);
    }

    private static String padLeft(String text, int width) {
        return " " + String.format("%" + (width - 1) + "s", text);
    }
}
