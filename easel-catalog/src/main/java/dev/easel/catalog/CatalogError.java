package dev.easel.catalog;

import java.util.Objects;

/**
 * One problem found in the catalog files.
 *
 * @param file    file path relative to the catalog root, with {@code /} separators,
 *                for example {@code scenes/cutout.yaml}
 * @param path    location inside the file, for example {@code form.fields[2].type}; empty for the
 *                whole file
 * @param message what is wrong and, where it helps, what is allowed
 */
public record CatalogError(String file, String path, String message) {

    public CatalogError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        path = path == null ? "" : path;
    }

    /** Returns {@code file: path: message}, or {@code file: message} when the path is empty. */
    @Override
    public String toString() {
        return path.isEmpty() ? file + ": " + message : file + ": " + path + ": " + message;
    }
}
