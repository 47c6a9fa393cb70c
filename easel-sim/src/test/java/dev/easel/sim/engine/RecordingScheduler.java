package dev.easel.sim.engine;

import dev.easel.core.schedule.Assignment;
import dev.easel.core.schedule.Job;
import dev.easel.core.schedule.Projection;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.TierConfig;
import dev.easel.core.schedule.WorkerSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Passes every call to a real policy and records it as {@code "<virtual ms> <method> [argument]"},
 * so tests can check the order in which the simulation calls a scheduler.
 */
class RecordingScheduler implements Scheduler {

    private final Scheduler delegate;
    private final List<String> calls;
    private final VirtualClock clock;

    RecordingScheduler(Scheduler delegate, List<String> calls, VirtualClock clock) {
        this.delegate = delegate;
        this.calls = calls;
        this.clock = clock;
    }

    private void record(String call) {
        calls.add(clock.millis() + " " + call);
    }

    @Override
    public void submit(Job job) {
        record("submit " + job.id());
        delegate.submit(job);
    }

    @Override
    public boolean cancel(String jobId) {
        record("cancel " + jobId);
        return delegate.cancel(jobId);
    }

    @Override
    public void workerJoined(WorkerSpec worker) {
        record("workerJoined " + worker.id());
        delegate.workerJoined(worker);
    }

    @Override
    public void workerLeft(String workerId) {
        record("workerLeft " + workerId);
        delegate.workerLeft(workerId);
    }

    @Override
    public void workerDraining(String workerId) {
        record("workerDraining " + workerId);
        delegate.workerDraining(workerId);
    }

    @Override
    public void modelsLoaded(String workerId, Set<String> models) {
        record("modelsLoaded");
        delegate.modelsLoaded(workerId, models);
    }

    @Override
    public void batchProgress(String batchId, int step, int totalSteps) {
        record("batchProgress " + batchId + " " + step + "/" + totalSteps);
        delegate.batchProgress(batchId, step, totalSteps);
    }

    @Override
    public void batchFinished(String batchId, long observedRunMillis, boolean succeeded) {
        record("batchFinished");
        delegate.batchFinished(batchId, observedRunMillis, succeeded);
    }

    @Override
    public void batchStarted(String batchId) {
        record("batchStarted");
        delegate.batchStarted(batchId);
    }

    @Override
    public void modelLoadObserved(String workerId, String model, long loadMillis) {
        record("modelLoadObserved");
        delegate.modelLoadObserved(workerId, model, loadMillis);
    }

    @Override
    public void updateTiers(List<TierConfig> tiers) {
        delegate.updateTiers(tiers);
    }

    @Override
    public List<TierConfig> tiers() {
        return delegate.tiers();
    }

    @Override
    public List<Assignment> decide() {
        record("decide");
        return delegate.decide();
    }

    @Override
    public Optional<Projection> projection(String jobId) {
        return delegate.projection(jobId);
    }

    @Override
    public double estimateCostSeconds(Job job) {
        return delegate.estimateCostSeconds(job);
    }

    @Override
    public Map<String, Integer> queuedByTier() {
        return delegate.queuedByTier();
    }
}
