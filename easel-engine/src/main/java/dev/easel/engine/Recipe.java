package dev.easel.engine;

import java.util.Map;

/**
 * How an output was made, enough to make it again.
 *
 * @param modelId        model id
 * @param modelVersion   model version
 * @param fileHash       sha256 (hex) of the model weights
 * @param backend        back-end id
 * @param capability     capability wire name
 * @param parameters     every resolved parameter, including defaults the request left out
 * @param seed           seed of the job's first image, or -1 when the capability uses none
 * @param durationMillis wall time of the batch that ran the job
 */
public record Recipe(
        String modelId,
        String modelVersion,
        String fileHash,
        String backend,
        String capability,
        Map<String, Object> parameters,
        long seed,
        long durationMillis) {

    public Recipe {
        parameters = Map.copyOf(parameters);
    }
}
