package dev.easel.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.sim.metrics.PolicyMetrics;
import dev.easel.sim.metrics.WaitStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

/** The terminal table, the CSV values and the wait chart, on metrics with chosen values. */
class ReportTest {

    @Test
    void table_largeValues_keepColumnsApart() {
        ScenarioResult result = new ScenarioResult("base", "test", List.of("low"),
                List.of(metrics("fifo", 0, 469_022_287.29), metrics("easel", 0, 469_022_287.29)));

        String table = TextTable.format(result);

        String row = table.lines().filter(line -> line.startsWith("wait p95 low (s)")).findFirst().orElseThrow();
        assertThat(row).contains("469022287.3 469022287.3").doesNotContain("469022287.3469022287.3");
    }

    @Test
    void csvValue_plainDecimals() {
        assertThat(CsvReport.plain(26_823.0)).isEqualTo("26823");
        assertThat(CsvReport.plain(469_022_287.29)).isEqualTo("469022000");
        assertThat(CsvReport.plain(0.000_125)).isEqualTo("0.000125");
        assertThat(CsvReport.plain(12.3456789)).isEqualTo("12.3457");
        assertThat(CsvReport.plain(Double.NaN)).isEmpty();
    }

    @Test
    void chart_zeroWaitDrawnVisiblyAtFloor() {
        ScenarioResult result = new ScenarioResult("flood", "test", List.of("low"), List.of(metrics("easel", 0, 0)));

        CategoryChart chart = WaitChart.chart(result, "trace, load 0.9 (fifo basis)");

        assertThat(WaitChart.barHeights(result.policies().get(0), List.of("low"))).containsExactly(WaitChart.FLOOR_SECONDS);
        assertThat(chart.getStyler().getYAxisMin()).isLessThan(WaitChart.FLOOR_SECONDS);
        assertThat(chart.getTitle()).isEqualTo("p95 wait by tier, flood scenario: trace, load 0.9 (fifo basis)");
        assertThat(chart.getYAxisTitle()).contains("bars at 0.1 s mean 0.1 s or less");
        assertThat(chart.getStyler().getYAxisDecimalPattern()).isEqualTo("#,##0.###");
    }

    private static PolicyMetrics metrics(String policy, int jobs, double p95) {
        WaitStats waits = new WaitStats(jobs, p95, p95, p95, p95);
        return new PolicyMetrics(policy, Map.of("low", waits), waits, new WaitStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                jobs, 0, 0, 0, Double.NaN, Double.NaN, 0, 0, 0, Map.of("low", Double.NaN), Double.NaN, new TreeMap<>(), 0, 0,
                Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 0, 0, 0);
    }
}
