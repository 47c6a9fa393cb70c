package dev.easel.sim.service;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** Draws the time a worker takes to load a base model before it can run a batch of it. */
public interface LoadTimeSource {

    /** Returns a load time in milliseconds, at least 1. */
    long drawMillis(SplittableRandom random);

    /** Returns a sentence describing where the times come from, for the report. */
    String description();

    /** Returns a source that draws from measured base-model load latencies in a CSV file. */
    static LoadTimeSource measured(Path file) {
        return MeasuredLoadTimes.read(file);
    }

    /** Returns the parametric fallback described at {@link ParametricLoadTimes}. */
    static LoadTimeSource parametric() {
        return new ParametricLoadTimes();
    }
}
