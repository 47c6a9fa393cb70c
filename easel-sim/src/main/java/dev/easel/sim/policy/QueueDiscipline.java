package dev.easel.sim.policy;

import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.WorkerSpec;
import java.util.function.Predicate;

/**
 * The order in which a baseline policy serves its queued jobs.
 *
 * <p>The same discipline decides for real and, on a copy, projects start times forward, so a
 * projection follows the policy's own order.
 */
interface QueueDiscipline {

    void add(Job job);

    /** Removes a queued job; returns whether it was there. */
    boolean remove(Job job);

    /**
     * Removes and returns the job this worker should run next, or {@code null} when none of the
     * jobs it may serve passes {@code runnable}.
     */
    Job next(WorkerSpec worker, Predicate<Job> runnable);

    /** Returns an independent copy holding the same jobs in the same order. */
    QueueDiscipline copy();
}
