package dev.easel.engine;

import java.util.List;

/**
 * One way of running models: in process on ONNX Runtime, or a client of a remote service.
 *
 * <p>Everything above the model layer (scheduler, workers, pipelines, scenes) calls models only
 * through this interface. A back end may be called from several threads, one batch per call.
 */
public interface ModelBackend extends AutoCloseable {

    /** Returns the back end's id, for example {@code onnx-sd}, recorded in every recipe. */
    String id();

    /** Returns the models this back end serves, with their capabilities and parameter schemas. */
    List<ModelInfo> models();

    /**
     * Runs one batch: jobs that share model, capability and every batch-key parameter.
     *
     * <p>Each job's result must not depend on which other jobs share its batch. The back end
     * calls {@code progress} after each step and stops at the next step boundary once
     * {@code cancellation} is set.
     *
     * @return one output per job, in the order of {@link BatchRequest#jobs()}
     * @throws InvalidParametersException when a parameter breaks the model's schema (not retryable)
     * @throws BackendOutOfMemoryException when the batch does not fit (retry with a smaller batch)
     * @throws BackendUnavailableException when the back end cannot run now (retryable)
     * @throws CancelledException when cancelled before finishing
     * @throws EngineException for any other failure
     */
    List<JobOutput> run(BatchRequest request, ProgressListener progress, CancellationSignal cancellation);

    /** Releases sessions and native memory. */
    @Override
    void close();
}
