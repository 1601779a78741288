package io.hookflow.platform.control;

import java.util.List;

/**
 * The factories older code calls; each returns the domain exception of that name. New code throws the domain
 * types ({@link NotFound}, {@link Invalid}, {@link Conflict}, {@link Forbidden}, {@link Unauthorized}) directly.
 */
@Deprecated
public final class ApiException {

    private ApiException() {
    }

    public static Unauthorized unauthorized(String message) {
        return new Unauthorized(message);
    }

    public static Forbidden forbidden(String message) {
        return new Forbidden(message);
    }

    public static NotFound notFound(String message) {
        return new NotFound(message);
    }

    public static Conflict conflict(String message) {
        return new Conflict(message);
    }

    public static Invalid invalid(FieldError... errors) {
        return new Invalid(errors);
    }

    public static Invalid invalid(List<FieldError> errors) {
        return new Invalid(errors);
    }
}
