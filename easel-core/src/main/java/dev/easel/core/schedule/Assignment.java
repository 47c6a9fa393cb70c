package dev.easel.core.schedule;

import java.util.List;

/**
 * A decision: run these jobs as one batch on this worker.
 *
 * @param batchId     id of the batch, used to report its end
 * @param workerId    the worker that runs it
 * @param batchKey    the key every job in the batch shares
 * @param jobs        the jobs, in service order
 * @param modelSwitch whether the worker must load the model first
 */
public record Assignment(String batchId, String workerId, BatchKey batchKey, List<Job> jobs, boolean modelSwitch) {

    public Assignment {
        jobs = List.copyOf(jobs);
    }
}
