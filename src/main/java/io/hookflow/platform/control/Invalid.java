package io.hookflow.platform.control;

import java.util.List;

/** Input that breaks a rule, naming each field and what is wrong with it. */
public final class Invalid extends DomainException {

    private final List<FieldError> errors;

    public Invalid(List<FieldError> errors) {
        super(FieldError.summary(errors));
        this.errors = List.copyOf(errors);
    }

    public Invalid(FieldError... errors) {
        this(List.of(errors));
    }

    /** A body field that breaks a rule ({@code value_error}), named as the API spells it. */
    public static Invalid field(String field, String message) {
        return new Invalid(FieldError.body(field, message, "value_error"));
    }

    @Override
    public List<FieldError> fieldErrors() {
        return errors;
    }
}
