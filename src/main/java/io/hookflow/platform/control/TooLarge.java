package io.hookflow.platform.control;

/** The request body exceeds the size the API accepts. */
public final class TooLarge extends DomainException {

    public TooLarge(String message) {
        super(message);
    }
}
