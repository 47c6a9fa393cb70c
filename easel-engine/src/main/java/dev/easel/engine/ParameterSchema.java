package dev.easel.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a model accepts, and the check that turns a request's values into resolved ones.
 *
 * <p>Resolved values have one Java type per {@link ParameterSpec.Type}: {@code Long} for
 * integers, {@code Double} for numbers, {@code String} for text and choices, {@code Boolean}
 * for booleans. Image parameters are not part of the map; they travel in {@link JobInput#image()}.
 */
public record ParameterSchema(List<ParameterSpec> parameters) {

    public ParameterSchema {
        parameters = List.copyOf(parameters);
    }

    /**
     * Checks request values against this schema and fills in defaults.
     *
     * @param values values from a request; {@code null} entries count as left out
     * @return every non-image parameter with its resolved value, in schema order
     * @throws InvalidParametersException naming the first field that breaks a rule
     */
    public Map<String, Object> resolve(Map<String, ?> values) {
        for (String name : values.keySet()) {
            if (find(name) == null) {
                throw new InvalidParametersException(name, values.get(name), "is not a parameter of this model; known: " + names());
            }
        }

        Map<String, Object> resolved = new LinkedHashMap<>();
        for (ParameterSpec spec : parameters) {
            if (spec.type() == ParameterSpec.Type.IMAGE) {
                continue;
            }
            Object raw = values.get(spec.name());
            if (raw == null) {
                if (spec.isRequired()) {
                    throw new InvalidParametersException(spec.name(), null, "is required");
                }
                raw = spec.defaultValue();
            }
            resolved.put(spec.name(), check(spec, raw));
        }
        return resolved;
    }

    /** Returns the spec with this name, or {@code null}. */
    public ParameterSpec find(String name) {
        for (ParameterSpec spec : parameters) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        return null;
    }

    private List<String> names() {
        return parameters.stream().map(ParameterSpec::name).toList();
    }

    private static Object check(ParameterSpec spec, Object raw) {
        return switch (spec.type()) {
            case INTEGER -> checkInteger(spec, raw);
            case NUMBER -> checkNumber(spec, raw);
            case STRING -> checkText(spec, raw);
            case CHOICE -> checkChoice(spec, raw);
            case BOOLEAN -> checkBoolean(spec, raw);
            case IMAGE -> raw;
        };
    }

    private static Long checkInteger(ParameterSpec spec, Object raw) {
        BigDecimal exact = exactValue(raw);
        if (exact == null || exact.stripTrailingZeros().scale() > 0) {
            throw new InvalidParametersException(spec.name(), raw, "must be an integer");
        }

        // Compare exactly: a JSON number beyond the long range arrives as a BigInteger, and
        // longValue() would wrap it into range.
        BigDecimal min = spec.min() == null ? BigDecimal.valueOf(Long.MIN_VALUE) : new BigDecimal(spec.min().toString());
        BigDecimal max = spec.max() == null ? BigDecimal.valueOf(Long.MAX_VALUE) : new BigDecimal(spec.max().toString());
        if (exact.compareTo(min) < 0) {
            throw new InvalidParametersException(spec.name(), raw, "must be at least " + min.toPlainString());
        }
        if (exact.compareTo(max) > 0) {
            throw new InvalidParametersException(spec.name(), raw, "must be at most " + max.toPlainString());
        }

        long value = exact.longValueExact();
        if (spec.multipleOf() != null && value % spec.multipleOf() != 0) {
            throw new InvalidParametersException(spec.name(), raw, "must be a multiple of " + spec.multipleOf());
        }
        return value;
    }

    /** Returns the exact decimal value of a finite number, or {@code null} for anything else. */
    private static BigDecimal exactValue(Object raw) {
        if (raw instanceof BigDecimal decimal) {
            return decimal;
        }
        if (raw instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (raw instanceof Double || raw instanceof Float) {
            double value = ((Number) raw).doubleValue();
            return Double.isFinite(value) ? new BigDecimal(value) : null;
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return BigDecimal.valueOf(((Number) raw).longValue());
        }
        return null;
    }

    private static Double checkNumber(ParameterSpec spec, Object raw) {
        if (!(raw instanceof Number number) || Double.isNaN(number.doubleValue()) || Double.isInfinite(number.doubleValue())) {
            throw new InvalidParametersException(spec.name(), raw, "must be a finite number");
        }
        double value = number.doubleValue();
        if (spec.min() != null && value < spec.min().doubleValue()) {
            throw new InvalidParametersException(spec.name(), raw, "must be at least " + spec.min());
        }
        if (spec.max() != null && value > spec.max().doubleValue()) {
            throw new InvalidParametersException(spec.name(), raw, "must be at most " + spec.max());
        }
        return value;
    }

    private static String checkText(ParameterSpec spec, Object raw) {
        if (!(raw instanceof String text)) {
            throw new InvalidParametersException(spec.name(), raw, "must be a string");
        }
        if (spec.max() != null && text.length() > spec.max().intValue()) {
            throw new InvalidParametersException(spec.name(), abbreviate(text), "must be at most " + spec.max() + " characters, was " + text.length());
        }
        return text;
    }

    private static String checkChoice(ParameterSpec spec, Object raw) {
        if (!(raw instanceof String text) || !spec.allowed().contains(text)) {
            throw new InvalidParametersException(spec.name(), raw, "must be one of " + spec.allowed());
        }
        return text;
    }

    private static Boolean checkBoolean(ParameterSpec spec, Object raw) {
        if (!(raw instanceof Boolean flag)) {
            throw new InvalidParametersException(spec.name(), raw, "must be true or false");
        }
        return flag;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
