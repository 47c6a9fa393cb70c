package dev.easel.catalog.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A request to run a scene with form inputs, a pipeline with inputs, or an example with overrides. */
public sealed interface TaskRequest {

    /**
     * Run a scene.
     *
     * @param scene  scene id
     * @param inputs form field name to value; {@code null} values count as left out
     * @param group  the user's group for presets, for example {@code pro}, or {@code null}
     */
    record ForScene(String scene, Map<String, Object> inputs, String group) implements TaskRequest {
        public ForScene {
            Objects.requireNonNull(scene, "scene");
            inputs = copy(inputs);
        }
    }

    /**
     * Run a pipeline directly, without a scene's form or presets.
     *
     * @param pipeline pipeline id
     * @param inputs   pipeline input name to value
     */
    record ForPipeline(String pipeline, Map<String, Object> inputs) implements TaskRequest {
        public ForPipeline {
            Objects.requireNonNull(pipeline, "pipeline");
            inputs = copy(inputs);
        }
    }

    /**
     * Run an example, optionally changing some of its inputs first.
     *
     * @param example   example id
     * @param overrides form field name to value, replacing the example's own
     * @param group     the user's group for presets, or {@code null}
     */
    record ForExample(String example, Map<String, Object> overrides, String group) implements TaskRequest {
        public ForExample {
            Objects.requireNonNull(example, "example");
            overrides = copy(overrides);
        }
    }

    private static Map<String, Object> copy(Map<String, Object> values) {
        return values == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
