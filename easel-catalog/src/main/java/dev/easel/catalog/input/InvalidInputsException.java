package dev.easel.catalog.input;

import dev.easel.catalog.CatalogException;
import java.util.List;

/** Thrown when a request's inputs break a scene's or pipeline's rules; carries every problem found. */
public final class InvalidInputsException extends CatalogException {

    private final List<InputError> errors;

    public InvalidInputsException(List<InputError> errors) {
        super(String.join("; ", errors.stream().map(InputError::message).toList()));
        this.errors = List.copyOf(errors);
    }

    /** Returns the problems, at least one, in form order. */
    public List<InputError> errors() {
        return errors;
    }
}
