package dev.easel.core.schedule;

import java.util.List;

/** A batch handed to a worker and not yet reported finished. */
final class RunningBatch {

    final String id;
    final WorkerView worker;
    final BatchPlan plan;
    final long decidedAtMillis;

    /** When the worker reported it began running, after any model load; -1 until then. */
    long runStartedAtMillis = -1;

    int progressStep;
    int progressTotal;
    long progressAtMillis;

    RunningBatch(String id, WorkerView worker, BatchPlan plan, long decidedAtMillis) {
        this.id = id;
        this.worker = worker;
        this.plan = plan;
        this.decidedAtMillis = decidedAtMillis;
    }

    List<QueuedJob> jobs() {
        return plan.jobs;
    }

    /**
     * Returns the expected finish in clock milliseconds: from reported progress when there is some,
     * otherwise from the start (or the decision plus the model load) plus the estimated run time.
     */
    long expectedFinishMillis() {
        long runStart = runStartedAtMillis >= 0
                ? runStartedAtMillis
                : decidedAtMillis + Math.round(plan.loadSeconds * 1000);
        if (progressStep > 0 && progressTotal > 0 && progressAtMillis > runStart) {
            double millisPerStep = (double) (progressAtMillis - runStart) / progressStep;
            return runStart + Math.round(millisPerStep * progressTotal);
        }
        return runStart + Math.round(plan.runSeconds * 1000);
    }
}
