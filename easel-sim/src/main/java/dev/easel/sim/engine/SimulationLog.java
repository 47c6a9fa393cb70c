package dev.easel.sim.engine;

import java.util.List;

/**
 * Everything a simulation run recorded, for the metrics to summarise.
 *
 * @param policy                    policy name
 * @param jobs                      one outcome per workload job, in arrival order
 * @param batches                   every batch started, in start order
 * @param endMillis                 virtual time the run ended: when the last non-flood job finished
 * @param slotCount                 workers times slots per worker
 * @param idleRunnableSlotMillis    slot time spent idle while a job that slot could run was queued
 * @param backlogMillis             time during which at least one job was queued
 * @param backlogCompletedSoloMillis solo run time of jobs that finished while a job was queued
 * @param backlogCompletedJobs      jobs that finished while a job was queued
 * @param decideCalls               calls to {@code decide}
 * @param decideNanos               wall time spent in {@code decide}, in nanoseconds
 * @param wallMillis                wall time of the whole run
 */
public record SimulationLog(
        String policy,
        List<JobOutcome> jobs,
        List<BatchRecord> batches,
        long endMillis,
        int slotCount,
        long idleRunnableSlotMillis,
        long backlogMillis,
        long backlogCompletedSoloMillis,
        long backlogCompletedJobs,
        long decideCalls,
        long decideNanos,
        long wallMillis) {
}
