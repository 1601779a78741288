package io.hookflow.platform.control;

/** The request is well formed but cannot be done in the current state of what it names. */
public final class Conflict extends DomainException {

    public Conflict(String message) {
        super(message);
    }
}
