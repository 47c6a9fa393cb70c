package dev.easel.engine;

import java.util.List;
import java.util.Objects;

/**
 * One parameter of a model: its type, default and limits.
 *
 * @param name          parameter name in snake_case, for example {@code width}
 * @param type          value type
 * @param defaultValue  value used when a request leaves it out, or {@code null} when required
 * @param min           smallest allowed number, or {@code null}
 * @param max           largest allowed number, or {@code null}
 * @param multipleOf    integer values must be a multiple of this, or {@code null}
 * @param allowed       allowed values of a {@link Type#CHOICE}, empty otherwise
 * @param batchKey      whether jobs must agree on this value to share a batch
 * @param description   one line for the API schema
 */
public record ParameterSpec(
        String name,
        Type type,
        Object defaultValue,
        Number min,
        Number max,
        Integer multipleOf,
        List<String> allowed,
        boolean batchKey,
        String description) {

    /** Value types a parameter can have. */
    public enum Type { INTEGER, NUMBER, STRING, CHOICE, BOOLEAN, IMAGE }

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public static ParameterSpec integer(String name, int def, int min, int max, Integer multipleOf, boolean batchKey, String description) {
        return new ParameterSpec(name, Type.INTEGER, def, min, max, multipleOf, List.of(), batchKey, description);
    }

    public static ParameterSpec number(String name, double def, double min, double max, boolean batchKey, String description) {
        return new ParameterSpec(name, Type.NUMBER, def, min, max, null, List.of(), batchKey, description);
    }

    public static ParameterSpec text(String name, String def, int maxLength, String description) {
        return new ParameterSpec(name, Type.STRING, def, 0, maxLength, null, List.of(), false, description);
    }

    public static ParameterSpec choice(String name, String def, List<String> allowed, boolean batchKey, String description) {
        return new ParameterSpec(name, Type.CHOICE, def, null, null, null, allowed, batchKey, description);
    }

    public static ParameterSpec image(String name, boolean required, String description) {
        return new ParameterSpec(name, Type.IMAGE, required ? null : "", null, null, null, List.of(), false, description);
    }

    /** Returns whether a request must name this parameter. */
    public boolean isRequired() {
        return defaultValue == null;
    }
}
