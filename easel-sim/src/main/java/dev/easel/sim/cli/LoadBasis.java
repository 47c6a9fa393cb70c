package dev.easel.sim.cli;

import dev.easel.sim.Comparison;
import dev.easel.sim.engine.SimulationConfig;
import dev.easel.sim.metrics.MetricsCalculator;
import dev.easel.sim.metrics.PolicyMetrics;
import dev.easel.sim.workload.Workload;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;

/**
 * The capacity that {@code --load} is relative to, and the conversion to the solo load that workloads are
 * built at ({@code sum(solo run time) / (slots x span)}).
 *
 * <p>{@link #FIFO} divides the offered solo work by the capacity of the FIFO baseline, measured on
 * the same workload: the solo work FIFO finishes per second while jobs are queued, in a run at the
 * calibration load. That capacity counts the model loads FIFO pays, so load 0.9 keeps FIFO 90 % busy
 * on average. {@link #SOLO} divides by the slots alone, as if no model were ever loaded; a FIFO
 * that loads a model for most jobs is then overloaded well below load 1.
 */
enum LoadBasis {
    FIFO,
    SOLO;

    /** The solo load a workload is built at, and how it was found. */
    record Resolved(double soloLoad, String description) {
    }

    /**
     * Parses the option value, {@code fifo} or {@code solo}.
     *
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    static LoadBasis parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "fifo" -> FIFO;
            case "solo" -> SOLO;
            default -> throw OptionChecks.invalid("--load-basis", text, "expected fifo or solo");
        };
    }

    /**
     * Converts a load on this basis into the solo load.
     *
     * @param load            the requested load, greater than 0
     * @param workloadAt      builds the workload at a solo load
     * @param calibrationLoad solo load of the FIFO capacity run; it must keep FIFO's queue non-empty
     * @param fromBacklogLoad whether the calibration load is {@code --backlog-load}, rather than the
     *                        default used when that option is 0; only the error advice depends on it
     * @param progress        receives one line per calibration run
     * @throws IllegalArgumentException when the calibration run never had a queue, so no capacity was measured
     */
    Resolved resolve(double load, DoubleFunction<Workload> workloadAt, SimulationConfig config, MetricsCalculator metrics,
            List<String> tiers, double calibrationLoad, boolean fromBacklogLoad, Consumer<String> progress) {
        int slots = config.workers() * config.slotsPerWorker();
        if (this == SOLO) {
            return new Resolved(load, String.format(Locale.ROOT,
                    "load %.2f = sum of solo run times / (%d slots x span between first and last arrival);"
                            + " model loads and batching are not in it", load, slots));
        }
        Workload calibration = workloadAt.apply(calibrationLoad);
        PolicyMetrics fifo = Comparison.run("calibration", calibration, config.withEtaSampleEvery(0), List.of("fifo"), metrics,
                tiers, progress).policy("fifo");
        double capacity = fifo.backlogWorkRate();
        if (!(capacity > 0)) {
            String origin = fromBacklogLoad ? "--backlog-load" : "the default used because --backlog-load is 0";
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the FIFO calibration run at solo load %s (%s) never had"
                    + " a job queued, so it measured no capacity for --load-basis fifo; set --backlog-load above %s to calibrate"
                    + " at a higher load, or use --load-basis solo", OptionChecks.plain(calibrationLoad), origin,
                    OptionChecks.plain(calibrationLoad)));
        }
        double soloLoad = load * capacity / slots;
        return new Resolved(soloLoad, String.format(Locale.ROOT,
                "load %.2f = sum of solo run times / (FIFO's capacity x span), where FIFO's capacity is the solo work it"
                        + " finished per second while jobs were queued in a run at solo load %.2f: %.2f of %d slots,"
                        + " the rest going to model loads. So the workload is built at a solo load of %.3f"
                        + " (sum of solo run times / (slots x span))", load, calibrationLoad, capacity, slots, soloLoad));
    }
}
