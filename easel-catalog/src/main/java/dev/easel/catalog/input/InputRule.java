package dev.easel.catalog.input;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rule one input follows: its type, whether it is required, its default and its limits.
 *
 * <p>Limits that do not apply to the type are {@code null} (or empty for {@code choices}).
 * Instances are immutable and safe to share between threads.
 *
 * @param type         value type
 * @param required     whether a request must set it; a required input has no default
 * @param defaultValue normalized default, or {@code null}
 * @param min          smallest number (NUMBER), or {@code null}
 * @param max          largest number (NUMBER), or {@code null}
 * @param integer      whether a NUMBER must be integral
 * @param minLength    fewest characters (TEXT), or {@code null}
 * @param maxLength    most characters (TEXT and IMAGE references), or {@code null} for
 *                     {@link #DEFAULT_MAX_LENGTH}
 * @param pattern      regular expression the whole TEXT must match, or {@code null}
 * @param choices      allowed values of a CHOICE, in display order
 */
public record InputRule(
        FieldType type,
        boolean required,
        Object defaultValue,
        Double min,
        Double max,
        boolean integer,
        Integer minLength,
        Integer maxLength,
        Pattern pattern,
        List<String> choices) {

    /** Largest seed, 2^32 - 1: seeds are unsigned 32-bit integers. */
    public static final long MAX_SEED = 4_294_967_295L;

    /** Maximum length of a text or image reference when a rule sets no {@code max_length}. */
    public static final int DEFAULT_MAX_LENGTH = 4000;

    public InputRule {
        Objects.requireNonNull(type, "type");
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** Returns a rule of this type with no limits, optional and without default. */
    public static InputRule of(FieldType type) {
        return new InputRule(type, false, null, null, null, false, null, null, null, List.of());
    }

    /** Returns a copy with another default value (already normalized). */
    public InputRule withDefault(Object value) {
        return new InputRule(type, required, value, min, max, integer, minLength, maxLength, pattern, choices);
    }

    /** Returns the violation of this rule by a raw value, or {@code null} when the value is acceptable. */
    public Violation violationOf(Object raw) {
        return switch (type) {
            case TEXT -> textViolation(raw);
            case CHOICE -> choiceViolation(raw);
            case NUMBER -> numberViolation(raw);
            case IMAGE -> imageViolation(raw);
            case SEED -> seedViolation(raw);
        };
    }

    /**
     * Returns the normalized form of a value that passed {@link #violationOf}: {@code Long} for
     * integral numbers and seeds, {@code Double} for other numbers, {@code String} otherwise.
     */
    public Object normalize(Object raw) {
        if (type == FieldType.SEED || (type == FieldType.NUMBER && integer)) {
            return ((Number) raw).longValue();
        }
        if (type == FieldType.NUMBER) {
            return ((Number) raw).doubleValue();
        }
        return raw;
    }

    private Violation textViolation(Object raw) {
        if (!(raw instanceof String text)) {
            return new Violation("wrong_type", null, "must be text");
        }
        int length = text.codePointCount(0, text.length());
        int most = maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
        if (minLength != null && length < minLength) {
            return new Violation("too_short", minLength, "must be at least " + minLength + " characters, was " + length);
        }
        if (length > most) {
            return new Violation("too_long", most, "must be at most " + most + " characters, was " + length);
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            return new Violation("pattern_mismatch", pattern.pattern(), "must match " + pattern.pattern());
        }
        return null;
    }

    private Violation choiceViolation(Object raw) {
        if (!(raw instanceof String text) || !choices.contains(text)) {
            return new Violation("not_a_choice", choices, "must be one of " + String.join(", ", choices));
        }
        return null;
    }

    private Violation numberViolation(Object raw) {
        if (!(raw instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            return new Violation("wrong_type", null, "must be a number");
        }
        double value = number.doubleValue();
        if (integer && value != Math.rint(value)) {
            return new Violation("not_integer", null, "must be a whole number");
        }
        if (min != null && value < min) {
            return new Violation("too_small", min, "must be at least " + format(min));
        }
        if (max != null && value > max) {
            return new Violation("too_large", max, "must be at most " + format(max));
        }
        return null;
    }

    private Violation imageViolation(Object raw) {
        if (!(raw instanceof String reference) || reference.isBlank()) {
            return new Violation("wrong_type", null, "must be an image reference (an upload: reference the server wrote, or an asset: path)");
        }
        int most = maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
        if (reference.length() > most) {
            return new Violation("too_long", most, "must be at most " + most + " characters, was " + reference.length());
        }
        return null;
    }

    private static Violation seedViolation(Object raw) {
        boolean integral = raw instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue());
        if (!integral) {
            return new Violation("wrong_type", null, "must be a whole number from 0 to " + MAX_SEED);
        }
        double value = ((Number) raw).doubleValue();
        if (value < 0 || value > MAX_SEED) {
            return new Violation("out_of_range", MAX_SEED, "must be from 0 to " + MAX_SEED);
        }
        return null;
    }

    /** Formats a limit without a trailing {@code .0} for whole numbers. */
    static String format(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
    }
}
