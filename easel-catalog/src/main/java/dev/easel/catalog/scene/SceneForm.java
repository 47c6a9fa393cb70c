package dev.easel.catalog.scene;

import dev.easel.catalog.input.InputValidator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** Validates what a user filled into a scene's form, with the defaults of the user's group. */
public final class SceneForm {

    private SceneForm() {
    }

    /**
     * Validates form inputs.
     *
     * @param scene  the scene
     * @param inputs field name to value, as the request sent them
     * @param group  the user's group, or {@code null}; its preset replaces field defaults
     * @param seeds  source of seeds for seed fields left out
     * @return normalized values by field name
     * @throws dev.easel.catalog.input.InvalidInputsException naming each bad field with its labels
     */
    public static Map<String, Object> validate(Scene scene, Map<String, ?> inputs, String group, LongSupplier seeds) {
        return InputValidator.validate(specs(scene, group), inputs, seeds);
    }

    /** Returns the validator's view of the scene's fields for a user group. */
    public static List<InputValidator.Spec> specs(Scene scene, String group) {
        Map<String, Object> preset = scene.presetFor(group);
        return scene.fields().stream()
                .map(field -> new InputValidator.Spec(field.name(), field.rule(),
                        preset.getOrDefault(field.name(), field.rule().defaultValue()), field.label(), !field.hidden()))
                .toList();
    }
}
