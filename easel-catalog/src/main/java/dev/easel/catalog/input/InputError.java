package dev.easel.catalog.input;

import dev.easel.catalog.LocalizedText;
import java.util.Objects;

/**
 * One problem with one input of a request, named in the terms of the scene (or pipeline) the
 * request used.
 *
 * @param field  the field name as the scene's form (or the pipeline's inputs) calls it
 * @param label  the field's label in both languages, or {@code null} for a pipeline input
 * @param code   machine-readable reason, for example {@code too_large} or {@code required}
 * @param value  the offending value, or {@code null} when it was missing
 * @param limit  the limit that was broken, or {@code null}
 * @param detail English description without the field name, for example {@code must be at most 50}
 */
public record InputError(String field, LocalizedText label, String code, Object value, Object limit, String detail) {

    public InputError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }

    /** Returns an English sentence such as {@code steps ("Steps"): must be at most 50, was 80}. */
    public String message() {
        String name = label == null ? field : field + " (\"" + label.en() + "\")";
        String shown = value == null ? "" : ", was " + abbreviate(value);
        return name + ": " + detail + (detail.contains(", was ") ? "" : shown);
    }

    private static String abbreviate(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
