package dev.easel.sim.engine;

import dev.easel.sim.workload.SimJob;

/**
 * What happened to one job in a simulation run. Times are virtual milliseconds; a time of -1
 * means the event did not happen before the run ended.
 */
public final class JobOutcome {

    private final SimJob job;
    long projectedStartMillis = -1;
    long startMillis = -1;
    long finishMillis = -1;
    long serviceMillis;
    int batchSize;
    boolean rejected;

    JobOutcome(SimJob job) {
        this.job = job;
    }

    public SimJob job() {
        return job;
    }

    /** Returns the start projected at submit, or -1 when none was asked for or given. */
    public long projectedStartMillis() {
        return projectedStartMillis;
    }

    /** Returns when the job left the queue in a batch, or -1. */
    public long startMillis() {
        return startMillis;
    }

    /** Returns when its batch finished, or -1. */
    public long finishMillis() {
        return finishMillis;
    }

    /** Returns the worker time charged to this job: its share of its batch's load and run time. */
    public long serviceMillis() {
        return serviceMillis;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Returns whether the policy rejected the submit (tier queue full). */
    public boolean isRejected() {
        return rejected;
    }

    public boolean isStarted() {
        return startMillis >= 0;
    }

    /** Returns the wait from arrival to start, in milliseconds; only valid when started. */
    public long waitMillis() {
        return startMillis - job.arrivalMillis();
    }
}
