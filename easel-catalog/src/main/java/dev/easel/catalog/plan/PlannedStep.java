package dev.easel.catalog.plan;

import dev.easel.catalog.model.ModelVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One job of a resolved plan, ready for the queue.
 *
 * @param id         step id from the pipeline
 * @param capability capability wire name
 * @param model      the concrete model version; aliases were resolved when the plan was made
 * @param parameters every parameter: bound values, rendered prompts and the model's defaults for
 *                   the rest, in the order the step and then the model declare them
 * @param image      where the input image comes from, or {@code null}
 */
public record PlannedStep(
        String id,
        String capability,
        ModelVersion model,
        Map<String, Object> parameters,
        ImageSource image) {

    public PlannedStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(model, "model");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Returns the estimated accelerator-seconds of this job before any run time was observed. */
    public double costPriorSeconds() {
        return model.costPriorSeconds();
    }
}
