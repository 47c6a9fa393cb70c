package dev.easel.catalog.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a pipeline: one model invocation, which becomes one job of a task.
 *
 * @param id         step id, unique within the pipeline, for example {@code cutout}
 * @param capability capability wire name, for example {@code remove_background}
 * @param model      model reference as written: {@code id}, {@code id@version} or {@code id@alias}
 * @param image      where the step's input image comes from, or {@code null} for steps without one
 * @param parameters parameter bindings by parameter name, in YAML order
 */
public record Step(String id, String capability, String model, Binding image, Map<String, Binding> parameters) {

    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(model, "model");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
