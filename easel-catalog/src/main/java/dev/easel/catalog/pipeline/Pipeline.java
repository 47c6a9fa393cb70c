package dev.easel.catalog.pipeline;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.input.InputRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ordered steps that compose models, for example background removal then upscaling, and the
 * inputs a task must give them.
 *
 * @param id          pipeline id
 * @param version     object version, at least 1; raised whenever the file's content changes
 * @param title       display name in both languages
 * @param description longer text in both languages, or {@code null}
 * @param inputs      task inputs by name, in YAML order
 * @param steps       steps in execution order, at least one; a step may use only earlier steps' outputs
 */
public record Pipeline(
        String id,
        int version,
        LocalizedText title,
        LocalizedText description,
        Map<String, InputRule> inputs,
        List<Step> steps) {

    public Pipeline {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        steps = List.copyOf(steps);
    }
}
