package dev.easel.server.admission;

/**
 * Estimates what a task costs in accelerator-seconds. The server backs it with the scheduler's
 * learned cost model, so admission charges the cost budget with the same figure the scheduler
 * uses for fair share.
 */
@FunctionalInterface
public interface CostEstimator {

    /** Returns the estimated cost of the task in accelerator-seconds; never negative. */
    double estimateSeconds(String tier, TaskShape shape);
}
