package dev.easel.sim.engine;

/**
 * One batch a policy started.
 *
 * @param workerId    worker that ran it
 * @param size        number of jobs
 * @param startMillis when it was assigned
 * @param loadMillis  model load time before it ran, 0 when the model was loaded
 * @param runMillis   run time after the load
 */
public record BatchRecord(String workerId, int size, long startMillis, long loadMillis, long runMillis) {

    public long finishMillis() {
        return startMillis + loadMillis + runMillis;
    }
}
