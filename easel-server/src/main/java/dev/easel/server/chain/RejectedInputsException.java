package dev.easel.server.chain;

import dev.easel.catalog.input.InputError;

import java.util.List;

/**
 * Input errors of a catalog request, with the request member that carried the inputs:
 * {@code inputs} for a scene or pipeline, {@code overrides} for an example. The API names each
 * field {@code <group>.<name>}, so an example's error points at the member the caller sent.
 */
public final class RejectedInputsException extends RuntimeException {

    private final String group;
    private final transient List<InputError> errors;

    /**
     * @param group  {@code inputs} or {@code overrides}
     * @param errors the problems, at least one, in form order
     */
    public RejectedInputsException(String group, List<InputError> errors) {
        super(group + ": " + String.join("; ", errors.stream().map(InputError::message).toList()));
        this.group = group;
        this.errors = List.copyOf(errors);
    }

    /** Returns the request member of the inputs: {@code inputs} or {@code overrides}. */
    public String group() {
        return group;
    }

    /** Returns the problems, at least one. */
    public List<InputError> errors() {
        return errors;
    }
}
