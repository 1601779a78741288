package io.hookflow.platform.control;

import java.util.List;

import jakarta.ejb.ApplicationException;

/**
 * A request the application refuses, said in the application's terms (not found, invalid, conflict...) and not in
 * HTTP's: one mapper ({@code platform.boundary.DomainExceptionMapper}) turns each kind into the calling surface's
 * error shape and status. Rolls back the transaction it leaves. No stack trace: these are answers, not faults.
 */
@ApplicationException(rollback = true)
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }

    /** The broken rules, each with the place it was found; empty for refusals that concern no field. */
    public List<FieldError> fieldErrors() {
        return List.of();
    }
}
