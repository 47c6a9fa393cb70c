package dev.easel.sim.workload;

import dev.easel.core.schedule.Job;
import java.util.Objects;

/**
 * A job of a workload together with what only the simulator knows about it.
 *
 * @param job           the job as the scheduler sees it; its submit time is the arrival time
 * @param soloRunMillis how long the job runs alone on a worker with its model loaded
 * @param flood         whether the job belongs to an added flooding user; the simulation does not
 *                      wait for flood jobs to finish, and "other users" metrics leave them out
 */
public record SimJob(Job job, long soloRunMillis, boolean flood) {

    public SimJob {
        Objects.requireNonNull(job, "job");
        if (soloRunMillis < 1) {
            throw new IllegalArgumentException("job " + job.id() + ": solo run time must be at least 1 ms, was " + soloRunMillis);
        }
    }

    public long arrivalMillis() {
        return job.submittedAtMillis();
    }
}
