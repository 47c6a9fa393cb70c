package dev.easel.sim.metrics;

import java.util.Map;
import java.util.SortedMap;

/**
 * A policy's results on one workload.
 *
 * @param policy                 policy name
 * @param waitsByTier            waits per tier, flooding user left out, in tier order
 * @param waitsAll               waits of all jobs, flooding user left out
 * @param floodWaits             waits of the flooding user's jobs; zero jobs when there is none
 * @param completedJobs          jobs that finished before the run ended
 * @param unfinishedJobs         non-flood jobs that never finished (0 unless a policy starves them)
 * @param rejectedJobs           submits the policy rejected
 * @param throughputJobsPerHour  finished jobs per hour of the run
 * @param backlogJobsPerHour     jobs finished per hour while at least one job was queued
 * @param backlogWorkRate        solo run time finished per second while a job was queued, in
 *                               worker-equivalents (8 means the work of 8 workers running jobs alone)
 * @param utilisation            fraction of slot time spent running batches
 * @param loadFraction           fraction of slot time spent loading models
 * @param idleRunnableFraction   fraction of slot time idle while a job the slot could run was queued
 * @param jainByTier             mean Jain index among a tier's backlogged users, per tier, over
 *                               windows with at least two backlogged users; NaN when none
 * @param jainMean               the mean over every such window of every tier
 * @param batchSizes             number of batches per batch size
 * @param modelSwitches          batches that needed a model load
 * @param etaJobs                jobs whose ETA at submit was compared with their start
 * @param etaMedianError         median relative ETA error over those jobs
 * @param etaP90Error            90th percentile relative ETA error
 * @param etaQueuedJobs          jobs among them that waited at least the ETA floor
 * @param etaQueuedMedianError   median relative ETA error over the jobs that waited
 * @param etaQueuedP90Error      90th percentile relative ETA error over the jobs that waited
 * @param meanDecideMicros       mean wall time of one {@code decide} call on this machine
 * @param wallSeconds            wall time of the simulation run, and of computing these metrics
 *                               once {@link dev.easel.sim.Comparison} has added it
 * @param endHours               virtual length of the run, in hours
 */
public record PolicyMetrics(
        String policy,
        Map<String, WaitStats> waitsByTier,
        WaitStats waitsAll,
        WaitStats floodWaits,
        long completedJobs,
        long unfinishedJobs,
        long rejectedJobs,
        double throughputJobsPerHour,
        double backlogJobsPerHour,
        double backlogWorkRate,
        double utilisation,
        double loadFraction,
        double idleRunnableFraction,
        Map<String, Double> jainByTier,
        double jainMean,
        SortedMap<Integer, Long> batchSizes,
        long modelSwitches,
        int etaJobs,
        double etaMedianError,
        double etaP90Error,
        int etaQueuedJobs,
        double etaQueuedMedianError,
        double etaQueuedP90Error,
        double meanDecideMicros,
        double wallSeconds,
        double endHours) {

    /** Returns a copy with another wall time. */
    public PolicyMetrics withWallSeconds(double seconds) {
        return new PolicyMetrics(policy, waitsByTier, waitsAll, floodWaits, completedJobs, unfinishedJobs, rejectedJobs,
                throughputJobsPerHour, backlogJobsPerHour, backlogWorkRate, utilisation, loadFraction, idleRunnableFraction,
                jainByTier, jainMean, batchSizes, modelSwitches, etaJobs, etaMedianError, etaP90Error, etaQueuedJobs,
                etaQueuedMedianError, etaQueuedP90Error, meanDecideMicros, seconds, endHours);
    }
}
