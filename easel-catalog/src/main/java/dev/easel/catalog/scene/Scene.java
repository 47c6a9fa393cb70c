package dev.easel.catalog.scene;

import dev.easel.catalog.LocalizedText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A product feature: a pipeline plus the form users fill in, with presets per user group.
 *
 * <p>A preset replaces field defaults for the users of one group (for example more steps for
 * {@code pro}). Users may still change a visible field; a hidden field takes the preset's value
 * or, for groups without a preset for it, the field's default.
 *
 * @param id          scene id
 * @param version     object version, at least 1
 * @param pipeline    id of the pipeline the scene runs
 * @param title       title in both languages
 * @param description description in both languages, or {@code null}
 * @param fields      form fields in display order
 * @param presets     user group name to field name to normalized value
 */
public record Scene(
        String id,
        int version,
        String pipeline,
        LocalizedText title,
        LocalizedText description,
        List<Field> fields,
        Map<String, Map<String, Object>> presets) {

    public Scene {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(title, "title");
        fields = List.copyOf(fields);
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        presets.forEach((group, values) -> copy.put(group, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        presets = java.util.Collections.unmodifiableMap(copy);
    }

    /** Returns the field with this name, if any. */
    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Returns a group's preset values, empty when the group is {@code null} or has no preset. */
    public Map<String, Object> presetFor(String group) {
        return group == null ? Map.of() : presets.getOrDefault(group, Map.of());
    }
}
