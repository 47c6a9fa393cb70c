package dev.easel.catalog;

import java.util.List;

/**
 * The outcome of validating a proposed catalog change without applying it.
 *
 * @param errors every problem found; empty when the change would be accepted
 */
public record ValidationReport(List<CatalogError> errors) {

    public ValidationReport {
        errors = List.copyOf(errors);
    }

    /** Returns whether the change would be accepted. */
    public boolean isValid() {
        return errors.isEmpty();
    }
}
