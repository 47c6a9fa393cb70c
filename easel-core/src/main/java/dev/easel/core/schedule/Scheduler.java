package dev.easel.core.schedule;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which queued job runs next on which worker.
 *
 * <p>The scheduler holds no I/O and reads time only from the clock it was built with, so the
 * server drives it in real time and the simulator in virtual time. Its memory is an index over
 * the store: the server rebuilds it on start by submitting every queued job again.
 *
 * <p>Implementations are not thread-safe; the caller serialises every call.
 */
public interface Scheduler {

    /**
     * Adds a job to its tier's queue.
     *
     * @throws QueueFullException when the tier already holds its maximum of queued jobs, or the user
     *                            already has the tier's per-user maximum queued
     * @throws IllegalArgumentException when the job's tier is unknown or its id is already queued
     * @throws IllegalStateException when the job's tier is paused
     */
    void submit(Job job);

    /** Removes a queued job; returns whether it was queued. Running jobs are not affected. */
    boolean cancel(String jobId);

    /** Registers a worker, or replaces the spec of a known one. */
    void workerJoined(WorkerSpec worker);

    /** Forgets a worker; its running batches are the caller's to requeue. */
    void workerLeft(String workerId);

    /** Stops giving new work to a worker; running batches finish. */
    void workerDraining(String workerId);

    /** Records which model versions a worker now has loaded. */
    void modelsLoaded(String workerId, Set<String> models);

    /** Records progress of a running batch, for the projection of its remaining time. */
    void batchProgress(String batchId, int step, int totalSteps);

    /**
     * Records the end of a batch, successful or not, and frees its worker slot.
     *
     * @param observedRunMillis wall time the batch ran, excluding any model load; the cost model
     *                          learns from it when {@code succeeded} is true
     */
    void batchFinished(String batchId, long observedRunMillis, boolean succeeded);

    /** Replaces the tier settings; the next decision uses them. */
    void updateTiers(List<TierConfig> tiers);

    /** Returns the current tier settings. */
    List<TierConfig> tiers();

    /** Returns the batches to start now; each assignment occupies one slot of its worker. */
    List<Assignment> decide();

    /** Returns the projection of a queued job, or empty when it is not queued. */
    Optional<Projection> projection(String jobId);

    /** Returns the estimated cost of a job in accelerator-seconds, as the policy charges it. */
    double estimateCostSeconds(Job job);

    /** Returns the number of queued jobs per tier. */
    java.util.Map<String, Integer> queuedByTier();

    /**
     * Records that a worker began running a batch, after any model load, so that projections
     * measure its remaining time from the real start. Implementations that ignore it measure from
     * the decision.
     */
    default void batchStarted(String batchId) {
    }

    /**
     * Records how long a worker took to load a model, so that the cost of a model switch is
     * learned. Implementations that ignore it keep their configured load times.
     */
    default void modelLoadObserved(String workerId, String model, long loadMillis) {
    }

    /**
     * Returns when a running batch is expected to finish, in the scheduler clock's milliseconds:
     * from its reported progress when there is some, otherwise from its start and estimated cost.
     * Empty when the batch is unknown or the implementation does not estimate it.
     */
    default Optional<Long> expectedFinishMillis(String batchId) {
        return Optional.empty();
    }

    /**
     * Returns the projection of every queued job, keyed by job id, from one run of the policy.
     * Cheaper than calling {@link #projection(String)} per job when refreshing every position.
     *
     * @throws UnsupportedOperationException when the implementation does not project in bulk
     */
    default java.util.Map<String, Projection> projections() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not project in bulk");
    }
}
