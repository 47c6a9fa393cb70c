package dev.easel.sim.workload;

import java.util.Comparator;
import java.util.List;

/**
 * A list of job arrivals, sorted by arrival time, with a description for the report.
 *
 * @param name        short name, for example {@code trace} or {@code poisson}
 * @param description how it was made, one or more sentences for the report
 * @param jobs        the arrivals, sorted by arrival time (ties keep their given order)
 */
public record Workload(String name, String description, List<SimJob> jobs) {

    public Workload {
        jobs = jobs.stream().sorted(Comparator.comparingLong(SimJob::arrivalMillis)).toList();
    }

    /** Returns the total solo run time of all jobs, in milliseconds. */
    public long totalSoloMillis() {
        return jobs.stream().mapToLong(SimJob::soloRunMillis).sum();
    }

    /** Returns the time between the first and last arrival, in milliseconds. */
    public long spanMillis() {
        return jobs.isEmpty() ? 0 : jobs.get(jobs.size() - 1).arrivalMillis() - jobs.get(0).arrivalMillis();
    }
}
