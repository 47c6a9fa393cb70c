package dev.easel.catalog.template;

import dev.easel.catalog.input.FieldType;
import dev.easel.catalog.input.InputRule;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the variables available to a prompt template from a task's validated inputs.
 *
 * <p>Every text, number, choice and seed input appears under its own name. Each choice input
 * {@code name} with value {@code value} also sets the flag {@code name_value} to {@code true}, so
 * {@code {{#style_ink}}…{{/style_ink}}} renders only when {@code style} is {@code ink}. Characters
 * other than letters, digits and {@code _} in a choice value become {@code _} in its flag. Image
 * inputs are left out: they are references, not text for a prompt.
 */
public final class TemplateContext {

    private TemplateContext() {
    }

    /**
     * Returns the template variables for validated inputs.
     *
     * @param rules  the pipeline's input rules by name
     * @param inputs validated input values by name
     */
    public static Map<String, Object> of(Map<String, InputRule> rules, Map<String, Object> inputs) {
        Map<String, Object> values = new LinkedHashMap<>();
        rules.forEach((name, rule) -> {
            Object value = inputs.get(name);
            if (rule.type() == FieldType.IMAGE || value == null) {
                return;
            }
            values.put(name, value);
            if (rule.type() == FieldType.CHOICE) {
                values.put(flagName(name, value.toString()), Boolean.TRUE);
            }
        });
        return values;
    }

    /**
     * Returns every variable name a template may use with these inputs: the inputs except images,
     * plus one flag per choice value.
     */
    public static java.util.Set<String> availableNames(Map<String, InputRule> rules) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        rules.forEach((name, rule) -> {
            if (rule.type() == FieldType.IMAGE) {
                return;
            }
            names.add(name);
            if (rule.type() == FieldType.CHOICE) {
                rule.choices().forEach(choice -> names.add(flagName(name, choice)));
            }
        });
        return names;
    }

    /** Returns the flag name for a choice value, for example {@code style_ink}. */
    public static String flagName(String input, String choice) {
        return input + "_" + choice.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
