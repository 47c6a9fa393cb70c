package dev.easel.catalog;

import java.util.List;

/** Thrown when catalog files fail to parse or validate; carries every problem found, in file order. */
public final class CatalogInvalidException extends CatalogException {

    private final List<CatalogError> errors;

    public CatalogInvalidException(List<CatalogError> errors) {
        super(summarize(errors));
        this.errors = List.copyOf(errors);
    }

    /** Returns the problems, at least one. */
    public List<CatalogError> errors() {
        return errors;
    }

    private static String summarize(List<CatalogError> errors) {
        StringBuilder text = new StringBuilder("the catalog is invalid (" + errors.size() + " problem"
                + (errors.size() == 1 ? "" : "s") + "):");
        for (CatalogError error : errors) {
            text.append("\n  ").append(error);
        }
        return text.toString();
    }
}
