package dev.easel.engine;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Objects;

/**
 * One job inside a batch.
 *
 * @param jobId      job id, echoed in the output
 * @param parameters resolved parameters (see {@link ParameterSchema#resolve}); the batch-key ones
 *                   are equal across the batch, the others (prompt, seed) may differ
 * @param image      input image for img2img, upscaling and background removal, or {@code null}
 */
public record JobInput(String jobId, Map<String, Object> parameters, BufferedImage image) {

    public JobInput {
        Objects.requireNonNull(jobId, "jobId");
        parameters = Map.copyOf(parameters);
    }

    /** Returns a parameter as a long, or the fallback when it is absent. */
    public long longParam(String name, long fallback) {
        Object value = parameters.get(name);
        return value instanceof Number n ? n.longValue() : fallback;
    }

    /** Returns a parameter as a double, or the fallback when it is absent. */
    public double doubleParam(String name, double fallback) {
        Object value = parameters.get(name);
        return value instanceof Number n ? n.doubleValue() : fallback;
    }

    /** Returns a parameter as a string, or the fallback when it is absent. */
    public String stringParam(String name, String fallback) {
        Object value = parameters.get(name);
        return value == null ? fallback : value.toString();
    }
}
