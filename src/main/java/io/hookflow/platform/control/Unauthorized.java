package io.hookflow.platform.control;

/** The caller did not prove who it is: no credential, or one that does not verify. */
public final class Unauthorized extends DomainException {

    public Unauthorized(String message) {
        super(message);
    }
}
