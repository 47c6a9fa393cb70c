package dev.easel.engine;

import java.util.List;

/**
 * What one job produced.
 *
 * @param jobId  the job
 * @param images encoded images, in order
 * @param recipe how they were made
 */
public record JobOutput(String jobId, List<OutputImage> images, Recipe recipe) {

    public JobOutput {
        images = List.copyOf(images);
    }
}
