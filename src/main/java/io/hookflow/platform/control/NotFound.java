package io.hookflow.platform.control;

/** There is no such thing, or it belongs to another tenant (which the caller must not learn). */
public final class NotFound extends DomainException {

    public NotFound(String message) {
        super(message);
    }
}
