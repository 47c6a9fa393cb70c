package dev.easel.catalog.input;

import dev.easel.catalog.LocalizedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Checks a request's inputs against a list of fields, fills in defaults and draws missing seeds.
 *
 * <p>Every problem is collected before throwing, so a user sees all of them at once. Stateless and
 * thread-safe.
 */
public final class InputValidator {

    /**
     * One field, with the default and editability that apply to this request.
     *
     * @param name         field name
     * @param rule         type and limits
     * @param defaultValue value used when the request leaves the field out (a preset or the
     *                     rule's default), or {@code null}
     * @param label        label in both languages, or {@code null}
     * @param editable     whether a request may set it
     */
    public record Spec(String name, InputRule rule, Object defaultValue, LocalizedText label, boolean editable) {

        public Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rule, "rule");
        }
    }

    private InputValidator() {
    }

    /**
     * Validates inputs.
     *
     * @param specs fields in form order
     * @param raw   the request's values by field name; {@code null} values count as left out
     * @param seeds source of seeds for seed fields the request leaves out, drawn in form order
     * @return normalized values by field name, in form order; optional fields without a value or
     *         default are absent
     * @throws InvalidInputsException listing every field that breaks a rule, unknown fields first
     */
    public static Map<String, Object> validate(List<Spec> specs, Map<String, ?> raw, LongSupplier seeds) {
        List<InputError> errors = new ArrayList<>();
        List<String> names = specs.stream().map(Spec::name).toList();
        for (String name : raw.keySet()) {
            if (!names.contains(name)) {
                errors.add(new InputError(name, null, "unknown_field", null, names,
                        "is not a field of this form; fields: " + String.join(", ", names)));
            }
        }

        Map<String, Object> values = new LinkedHashMap<>();
        for (Spec spec : specs) {
            Object value = raw.get(spec.name());
            if (value != null && !spec.editable()) {
                errors.add(new InputError(spec.name(), spec.label(), "not_editable", value, null,
                        "is set by the scene and cannot be changed"));
                continue;
            }
            if (value == null) {
                value = spec.defaultValue();
            }
            if (value == null && spec.rule().type() == FieldType.SEED) {
                value = Math.floorMod(seeds.getAsLong(), InputRule.MAX_SEED + 1);
            }
            if (value == null) {
                if (spec.rule().required()) {
                    errors.add(new InputError(spec.name(), spec.label(), "required", null, null, "is required"));
                }
                continue;
            }
            Violation violation = spec.rule().violationOf(value);
            if (violation != null) {
                errors.add(new InputError(spec.name(), spec.label(), violation.code(), value, violation.limit(), violation.detail()));
                continue;
            }
            values.put(spec.name(), spec.rule().normalize(value));
        }

        if (!errors.isEmpty()) {
            throw new InvalidInputsException(errors);
        }
        return values;
    }
}
