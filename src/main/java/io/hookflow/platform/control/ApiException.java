package io.hookflow.platform.control;

import java.util.List;

import jakarta.ejb.ApplicationException;

/**
 * A request the API refuses, with the HTTP status and what was wrong. Thrown from anywhere; the exception
 * mappers render it in the calling surface's error shape.
 */
@ApplicationException(rollback = true)
public class ApiException extends RuntimeException {

    private final int status;
    private final List<FieldError> fieldErrors;

    public ApiException(int status, String message, List<FieldError> fieldErrors) {
        super(message, null, false, false);
        this.status = status;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message, List.of());
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message, List.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, List.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message, List.of());
    }

    public static ApiException invalid(FieldError... errors) {
        return invalid(List.of(errors));
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(422, FieldError.summary(errors), errors);
    }

    public int status() {
        return status;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
