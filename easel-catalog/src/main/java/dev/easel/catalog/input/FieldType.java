package dev.easel.catalog.input;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Types of a pipeline input or a scene form field. */
public enum FieldType {
    /** Free text, for example a prompt; normalized to {@code String}. */
    TEXT,
    /** One of a fixed list of values; normalized to {@code String}. */
    CHOICE,
    /** A number, optionally integral; normalized to {@code Long} or {@code Double}. */
    NUMBER,
    /**
     * A reference to an input image: {@code upload:<path>} for an image the server stored, or an
     * {@code asset:} path; normalized to {@code String}.
     */
    IMAGE,
    /** A generation seed from 0 to {@value InputRule#MAX_SEED}; drawn at random when left out. */
    SEED;

    /** Returns the lower-case name used in YAML and on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the type with this wire name, if any. */
    public static Optional<FieldType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(name)).findFirst();
    }

    /** Returns the wire names joined with commas, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(FieldType::wireName).collect(Collectors.joining(", "));
    }
}
