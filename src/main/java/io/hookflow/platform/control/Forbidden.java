package io.hookflow.platform.control;

/** The caller is known but may not do this (role, or a claim the operation needs). */
public final class Forbidden extends DomainException {

    public Forbidden(String message) {
        super(message);
    }
}
