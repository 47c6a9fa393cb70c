package dev.easel.sim.report;

import dev.easel.sim.metrics.PolicyMetrics;
import dev.easel.sim.metrics.WaitStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the 95th-percentile wait per tier, one bar per policy, on a logarithmic axis, as a PNG
 * made with XChart.
 *
 * <p>A logarithmic axis cannot show 0, so waits below {@value #FLOOR_SECONDS} s, 0 included, are
 * drawn as bars of that height, and the axis starts below it so that those bars stay visible.
 * The axis title states this.
 */
public final class WaitChart {

    /** Waits below this are drawn at this height. */
    static final double FLOOR_SECONDS = 0.1;

    private WaitChart() {
    }

    /**
     * Writes {@code <pngWithoutExtension>.png}.
     *
     * @param workloadLabel the workload and load, for the title, for example {@code trace, load 0.9}
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path pngWithoutExtension, ScenarioResult result, String workloadLabel) {
        try {
            BitmapEncoder.saveBitmap(chart(result, workloadLabel), pngWithoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("writing chart " + pngWithoutExtension + ".png failed", e);
        }
    }

    static CategoryChart chart(ScenarioResult result, String workloadLabel) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(520)
                .title("p95 wait by tier, " + result.scenario() + " scenario: " + workloadLabel)
                .xAxisTitle("tier")
                .yAxisTitle("p95 wait (s), log scale; bars at " + FLOOR_SECONDS + " s mean " + FLOOR_SECONDS + " s or less")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(FLOOR_SECONDS / 2);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (PolicyMetrics metrics : result.policies()) {
            chart.addSeries(metrics.policy(), result.tiers(), barHeights(metrics, result.tiers()));
        }
        return chart;
    }

    /** Returns each tier's p95 wait in seconds, raised to the floor; a tier without jobs is drawn at the floor too. */
    static List<Double> barHeights(PolicyMetrics metrics, List<String> tiers) {
        List<Double> values = new ArrayList<>();
        for (String tier : tiers) {
            WaitStats stats = metrics.waitsByTier().get(tier);
            double p95 = stats == null || Double.isNaN(stats.p95()) ? FLOOR_SECONDS : stats.p95();
            values.add(Math.max(FLOOR_SECONDS, p95));
        }
        return values;
    }
}
