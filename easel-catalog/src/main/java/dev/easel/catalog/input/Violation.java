package dev.easel.catalog.input;

/**
 * The reason one value breaks one rule, before the field is known.
 *
 * @param code   stable machine-readable reason, for example {@code too_large}; message bundles
 *               key on it
 * @param limit  the limit that was broken (a number, a length, the list of choices), or {@code null}
 * @param detail English description without the field name, for example {@code must be at most 50}
 */
public record Violation(String code, Object limit, String detail) {
}
