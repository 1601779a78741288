package io.hookflow.platform.control;

import java.util.List;

/** A request that cannot be read at all (a body that is not JSON), as opposed to one that breaks a rule. */
public final class Malformed extends DomainException {

    private final List<FieldError> errors;

    public Malformed(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public Malformed(String message) {
        this(message, List.of());
    }

    @Override
    public List<FieldError> fieldErrors() {
        return errors;
    }
}
