package io.hookflow.platform.boundary;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;

import io.hookflow.platform.control.DomainException;
import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.Malformed;
import io.hookflow.platform.control.FieldError;

/**
 * A body that is not JSON, or whose values have the wrong type, is the caller's mistake (4xx naming the
 * field where the parser says which), not a server error.
 */
final class JsonBodyErrors {

    private static final Pattern PROPERTY = Pattern.compile("property '?([A-Za-z0-9_]+)'?");
    private static final Pattern JAVA_TYPE = Pattern.compile("(class |interface )?(java\\.[a-z.]+\\.|io\\.hookflow\\.[A-Za-z.]+\\.)");

    private JsonBodyErrors() {
    }

    /** The request-body problem behind an exception, if that is what it is. */
    static Optional<DomainException> asBodyError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DomainException refusal) {
                return Optional.of(refusal);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof JsonException) {
                return Optional.of(describe(e));
            }
        }
        return Optional.empty();
    }

    private static DomainException describe(Throwable e) {
        String property = null;
        String detail = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            var matcher = PROPERTY.matcher(message);
            if (property == null && matcher.find()) {
                property = matcher.group(1);
            }
            detail = message;
        }
        String readable = detail == null ? "the body is not valid JSON" : JAVA_TYPE.matcher(detail).replaceAll("");
        if (property != null) {
            return new Invalid(FieldError.body(property, "value has the wrong type (" + readable + ")", "type_error"));
        }
        return new Malformed("the request body is not valid JSON: " + readable,
                List.of(new FieldError(List.of("body"), "JSON decode error: " + readable, "json_invalid")));
    }
}
