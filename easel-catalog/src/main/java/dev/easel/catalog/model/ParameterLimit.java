package dev.easel.catalog.model;

import dev.easel.catalog.input.Violation;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model version's default and limits for one parameter, as its back end accepts them.
 *
 * @param name         parameter name in snake_case, for example {@code steps}
 * @param type         value type
 * @param defaultValue value used when a pipeline step leaves the parameter out, or {@code null}
 *                     when the back end has its own default
 * @param min          smallest number, or {@code null}
 * @param max          largest number (for {@code string}: most characters), or {@code null}
 * @param multipleOf   integers must be a multiple of this, or {@code null}
 * @param choices      allowed values of a {@code choice}, empty otherwise
 */
public record ParameterLimit(
        String name,
        Type type,
        Object defaultValue,
        Double min,
        Double max,
        Long multipleOf,
        List<String> choices) {

    /** Value types of model parameters; the same set the engine's parameter schema uses, less images. */
    public enum Type {
        INTEGER, NUMBER, STRING, CHOICE, BOOLEAN;

        /** Returns the lower-case name used in YAML. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ParameterLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** Returns the violation of this limit by a value, or {@code null} when the value is acceptable. */
    public Violation violationOf(Object value) {
        return switch (type) {
            case INTEGER -> integerViolation(value);
            case NUMBER -> numberViolation(value);
            case STRING -> stringViolation(value);
            case CHOICE -> value instanceof String text && choices.contains(text)
                    ? null
                    : new Violation("not_a_choice", choices, "must be one of " + String.join(", ", choices));
            case BOOLEAN -> value instanceof Boolean ? null : new Violation("wrong_type", null, "must be true or false");
        };
    }

    /** Returns a value that passed {@link #violationOf} as {@code Long} for integers, {@code Double} for numbers. */
    public Object normalize(Object value) {
        return switch (type) {
            case INTEGER -> ((Number) value).longValue();
            case NUMBER -> ((Number) value).doubleValue();
            default -> value;
        };
    }

    private Violation integerViolation(Object value) {
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            return new Violation("not_integer", null, "must be a whole number");
        }
        Violation range = rangeViolation(number.doubleValue());
        if (range != null) {
            return range;
        }
        if (multipleOf != null && number.longValue() % multipleOf != 0) {
            return new Violation("not_multiple", multipleOf, "must be a multiple of " + multipleOf);
        }
        return null;
    }

    private Violation numberViolation(Object value) {
        if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            return new Violation("wrong_type", null, "must be a number");
        }
        return rangeViolation(number.doubleValue());
    }

    private Violation stringViolation(Object value) {
        if (!(value instanceof String text)) {
            return new Violation("wrong_type", null, "must be text");
        }
        int length = text.codePointCount(0, text.length());
        if (max != null && length > max) {
            return new Violation("too_long", max.longValue(), "must be at most " + max.longValue() + " characters, was " + length);
        }
        return null;
    }

    private Violation rangeViolation(double value) {
        if (min != null && value < min) {
            return new Violation("too_small", min, "must be at least " + format(min));
        }
        if (max != null && value > max) {
            return new Violation("too_large", max, "must be at most " + format(max));
        }
        return null;
    }

    private static String format(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }
}
