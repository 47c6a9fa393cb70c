package dev.easel.catalog.scene;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.input.InputRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One field of a scene's input form. Its name is the pipeline input it fills.
 *
 * @param name         field name, equal to a pipeline input name
 * @param rule         type, default and limits
 * @param label        label in both languages
 * @param help         help text in both languages, or {@code null}
 * @param choiceLabels label of each choice value, in choice order; empty unless the type is choice
 * @param hidden       whether only the scene's default or a group preset sets it; a request that
 *                     sets a hidden field is rejected
 */
public record Field(
        String name,
        InputRule rule,
        LocalizedText label,
        LocalizedText help,
        Map<String, LocalizedText> choiceLabels,
        boolean hidden) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(label, "label");
        choiceLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choiceLabels));
    }
}
