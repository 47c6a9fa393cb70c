package dev.easel.engine;

/** Receives step-by-step progress of a running batch. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (step, total) -> { };

    /**
     * Called after each step.
     *
     * @param step  steps done, from 1 to {@code total}
     * @param total steps in the whole run
     */
    void onStep(int step, int total);
}
