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
 */
public final class WaitChart {

    /** Waits below this are drawn at this height, because a logarithmic axis cannot show 0. */
    private static final double FLOOR_SECONDS = 0.1;

    private WaitChart() {
    }

    public static void write(Path pngWithoutExtension, ScenarioResult result) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(520)
                .title("p95 wait by tier, " + result.scenario() + " (log scale)")
                .xAxisTitle("tier")
                .yAxisTitle("p95 wait (s)")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(FLOOR_SECONDS);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (PolicyMetrics metrics : result.policies()) {
            List<Double> values = new ArrayList<>();
            for (String tier : result.tiers()) {
                WaitStats stats = metrics.waitsByTier().get(tier);
                double p95 = stats == null || Double.isNaN(stats.p95()) ? FLOOR_SECONDS : stats.p95();
                values.add(Math.max(FLOOR_SECONDS, p95));
            }
            chart.addSeries(metrics.policy(), result.tiers(), values);
        }
        try {
            BitmapEncoder.saveBitmap(chart, pngWithoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("writing chart " + pngWithoutExtension + ".png failed", e);
        }
    }
}
