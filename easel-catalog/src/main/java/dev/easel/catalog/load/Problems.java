package dev.easel.catalog.load;

import dev.easel.catalog.CatalogError;
import java.util.ArrayList;
import java.util.List;

/** Collects catalog errors while files are read and checked. Not thread-safe: one per load. */
final class Problems {

    private final List<CatalogError> errors = new ArrayList<>();

    void add(String file, String path, String message) {
        errors.add(new CatalogError(file, path, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int count() {
        return errors.size();
    }

    List<CatalogError> list() {
        return List.copyOf(errors);
    }
}
