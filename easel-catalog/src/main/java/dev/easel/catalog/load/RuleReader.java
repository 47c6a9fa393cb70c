package dev.easel.catalog.load;

import dev.easel.catalog.input.FieldType;
import dev.easel.catalog.input.InputRule;
import dev.easel.catalog.input.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the type, default and limits shared by pipeline inputs and scene form fields. */
final class RuleReader {

    /** Keys this reader consumes; callers add their own when rejecting unknown keys. */
    static final List<String> KEYS = List.of("type", "required", "default", "min", "max", "integer",
            "min_length", "max_length", "pattern", "choices");

    private RuleReader() {
    }

    /**
     * Reads a rule.
     *
     * @param node    the input or field map
     * @param choices the choice values, already read by the caller (their YAML shape differs
     *                between pipelines and scenes)
     * @return the rule, or {@code null} when the type is missing or invalid
     */
    static InputRule read(Node node, List<String> choices) {
        Optional<FieldType> type = node.child("type").isPresent()
                ? readType(node)
                : missingType(node);
        if (type.isEmpty()) {
            return null;
        }
        checkApplicable(node, type.get());

        boolean required = node.flag("required", false);
        boolean integer = node.flag("integer", false);
        Double min = node.optionalNumber("min");
        Double max = node.optionalNumber("max");
        if (min != null && max != null && min > max) {
            node.child("min").error("min " + min + " is greater than max " + max);
        }
        Integer minLength = node.optionalCount("min_length");
        Integer maxLength = node.optionalCount("max_length");
        Pattern pattern = readPattern(node);
        if (type.get() == FieldType.CHOICE) {
            checkChoices(node, choices);
        }

        InputRule rule = new InputRule(type.get(), required, null, min, max, integer, minLength, maxLength, pattern, choices);
        return withCheckedDefault(node, rule);
    }

    private static Optional<FieldType> readType(Node node) {
        String text = node.text("type");
        if (text == null) {
            return Optional.empty();
        }
        Optional<FieldType> type = FieldType.fromWireName(text);
        if (type.isEmpty()) {
            node.child("type").error("\"" + text + "\" is not one of " + FieldType.wireNames());
        }
        return type;
    }

    private static Optional<FieldType> missingType(Node node) {
        node.child("type").error("is required; one of " + FieldType.wireNames());
        return Optional.empty();
    }

    private static void checkApplicable(Node node, FieldType type) {
        List<String> numberKeys = List.of("min", "max", "integer");
        List<String> textKeys = List.of("min_length", "pattern");
        for (String key : numberKeys) {
            if (node.child(key).isPresent() && type != FieldType.NUMBER) {
                node.child(key).error("applies only to number fields, not " + type.wireName());
            }
        }
        for (String key : textKeys) {
            if (node.child(key).isPresent() && type != FieldType.TEXT) {
                node.child(key).error("applies only to text fields, not " + type.wireName());
            }
        }
        if (node.child("max_length").isPresent() && type != FieldType.TEXT && type != FieldType.IMAGE) {
            node.child("max_length").error("applies only to text and image fields, not " + type.wireName());
        }
        if (node.child("choices").isPresent() && type != FieldType.CHOICE) {
            node.child("choices").error("applies only to choice fields, not " + type.wireName());
        }
    }

    private static Pattern readPattern(Node node) {
        String text = node.optionalText("pattern");
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            node.child("pattern").error("is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    private static void checkChoices(Node node, List<String> choices) {
        if (choices.isEmpty()) {
            node.child("choices").error("a choice field needs at least one choice");
        }
        if (new HashSet<>(choices).size() != choices.size()) {
            node.child("choices").error("lists a value more than once");
        }
    }

    private static InputRule withCheckedDefault(Node node, InputRule rule) {
        Node defaultNode = node.child("default");
        if (!defaultNode.isPresent()) {
            return rule;
        }
        if (rule.required()) {
            defaultNode.error("a required field cannot have a default; remove one of them");
            return rule;
        }
        Object value = defaultNode.plain();
        Violation violation = rule.violationOf(value);
        if (violation != null) {
            defaultNode.error(defaultNode.shown() + " breaks the field's own rule: " + violation.detail());
            return rule;
        }
        return rule.withDefault(rule.normalize(value));
    }
}
