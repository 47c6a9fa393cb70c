package dev.easel.catalog.load;

import dev.easel.catalog.LocalizedText;
import dev.easel.catalog.input.InputRule;
import dev.easel.catalog.input.Violation;
import dev.easel.catalog.scene.Field;
import dev.easel.catalog.scene.Scene;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one scene file: its form fields with labels, and the presets per user group. */
final class SceneReader {

    private SceneReader() {
    }

    static Scene read(Node root) {
        root.rejectUnknownKeys("id", "version", "pipeline", "title", "description", "form", "presets");
        String id = root.id("id");
        Integer version = root.integer("version", 1);
        String pipeline = root.id("pipeline");
        LocalizedText title = root.localized("title", true);
        LocalizedText description = root.localized("description", false);

        Node form = root.child("form");
        List<Field> fields = new ArrayList<>();
        if (form.requireMap()) {
            form.rejectUnknownKeys("fields");
            fields = readFields(form.child("fields"));
        }
        Map<String, Map<String, Object>> presets = readPresets(root.child("presets"), fields, unreadableFieldNames(form.child("fields"), fields));
        if (id == null || version == null || pipeline == null || title == null) {
            return null;
        }
        return new Scene(id, version, pipeline, title, description, fields, presets);
    }

    private static List<Field> readFields(Node node) {
        List<Field> fields = new ArrayList<>();
        if (!node.isPresent()) {
            node.error("is required: a list of form fields (it may be empty: fields: [])");
            return fields;
        }
        List<String> names = new ArrayList<>();
        for (Node item : node.items()) {
            Field field = readField(item);
            if (field != null && names.contains(field.name())) {
                item.child("name").error("field \"" + field.name() + "\" appears more than once");
            } else if (field != null) {
                fields.add(field);
                names.add(field.name());
            }
        }
        return fields;
    }

    private static Field readField(Node node) {
        if (!node.requireMap()) {
            return null;
        }
        List<String> keys = new ArrayList<>(RuleReader.KEYS);
        keys.addAll(List.of("name", "label", "help", "hidden"));
        node.rejectUnknownKeys(keys.toArray(String[]::new));

        String name = node.text("name");
        if (name != null && !name.matches("[a-z][a-z0-9_]*")) {
            node.child("name").error("\"" + name + "\" is not a valid field name; use lower-case letters, digits and '_', starting with a letter");
            name = null;
        }
        LocalizedText label = node.localized("label", true);
        LocalizedText help = node.localized("help", false);
        boolean hidden = node.flag("hidden", false);
        Map<String, LocalizedText> choiceLabels = readChoices(node.child("choices"));
        InputRule rule = RuleReader.read(node, List.copyOf(choiceLabels.keySet()));
        if (rule != null && hidden && rule.required()) {
            node.child("hidden").error("a hidden field cannot be required: users cannot set it; give it a default instead");
        }
        if (name == null || label == null || rule == null) {
            return null;
        }
        return new Field(name, rule, label, help, choiceLabels, hidden);
    }

    /** Reads {@code choices: [{value: ink, label: {en: ..., zh-CN: ...}}, ...]}. */
    private static Map<String, LocalizedText> readChoices(Node node) {
        Map<String, LocalizedText> choices = new LinkedHashMap<>();
        for (Node item : node.items()) {
            if (!item.requireMap()) {
                continue;
            }
            item.rejectUnknownKeys("value", "label");
            String value = item.text("value");
            LocalizedText label = item.localized("label", true);
            if (value != null && choices.containsKey(value)) {
                item.child("value").error("choice \"" + value + "\" appears more than once");
            } else if (value != null && label != null) {
                choices.put(value, label);
            }
        }
        return choices;
    }

    /** Returns the names of fields that are in the file but failed to read, so presets for them add no second error. */
    private static java.util.Set<String> unreadableFieldNames(Node list, List<Field> fields) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Node item : list.isList() ? list.items() : List.<Node>of()) {
            String name = item.isMap() && item.child("name").isPresent() && item.child("name").json().isValueNode()
                    ? item.child("name").json().asString() : null;
            if (name != null && fields.stream().noneMatch(f -> f.name().equals(name))) {
                names.add(name);
            }
        }
        return names;
    }

    private static Map<String, Map<String, Object>> readPresets(Node node, List<Field> fields, java.util.Set<String> unreadable) {
        Map<String, Map<String, Object>> presets = new LinkedHashMap<>();
        for (Map.Entry<String, Node> group : node.entries()) {
            if (!group.getKey().matches("[a-z0-9][a-z0-9_.-]*")) {
                group.getValue().error("\"" + group.getKey() + "\" is not a valid user group name");
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Node> entry : group.getValue().entries()) {
                if (unreadable.contains(entry.getKey())) {
                    continue;
                }
                Object value = readPresetValue(entry.getKey(), entry.getValue(), fields);
                if (value != null) {
                    values.put(entry.getKey(), value);
                }
            }
            presets.put(group.getKey(), values);
        }
        return presets;
    }

    private static Object readPresetValue(String fieldName, Node node, List<Field> fields) {
        Field field = fields.stream().filter(f -> f.name().equals(fieldName)).findFirst().orElse(null);
        if (field == null) {
            node.error("\"" + fieldName + "\" is not a field of this scene's form");
            return null;
        }
        Object value = node.plain();
        Violation violation = field.rule().violationOf(value);
        if (violation != null) {
            node.error(node.shown() + " breaks the field's rule: " + violation.detail());
            return null;
        }
        return field.rule().normalize(value);
    }
}
