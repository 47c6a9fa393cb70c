package dev.easel.engine;

import java.util.List;
import java.util.Objects;

/**
 * Jobs that run together in one pass of one model.
 *
 * @param modelId    model id as {@link ModelInfo#id()}
 * @param capability what to do
 * @param jobs       the jobs, at least one
 */
public record BatchRequest(String modelId, Capability capability, List<JobInput> jobs) {

    public BatchRequest {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(capability, "capability");
        jobs = List.copyOf(jobs);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one job");
        }
    }
}
