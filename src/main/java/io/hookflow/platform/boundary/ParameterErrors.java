package io.hookflow.platform.boundary;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;

import io.hookflow.platform.control.FieldError;

/**
 * A query or path parameter that does not convert to its declared type ({@code page=abc}) is answered by
 * the JAX-RS runtime with a bare 404 or 400; callers deserve a 422 naming the parameter. Jersey (Payara)
 * says which parameter through its ParamException, RESTEasy (WildFly) in its message.
 */
final class ParameterErrors {

    private static final Map<Class<?>, String> KINDS = Map.of(
            QueryParam.class, "query", PathParam.class, "path", HeaderParam.class, "header",
            CookieParam.class, "cookie", FormParam.class, "form", MatrixParam.class, "matrix");
    private static final Pattern RESTEASY = Pattern.compile("jakarta\\.ws\\.rs\\.(Query|Path|Header)Param\\(\"([^\"]+)\"\\)");

    private ParameterErrors() {
    }

    static Optional<FieldError> describe(WebApplicationException e) {
        return fromJersey(e).or(() -> fromResteasy(e));
    }

    private static Optional<FieldError> fromJersey(WebApplicationException e) {
        try {
            Method name = e.getClass().getMethod("getParameterName");
            Method type = e.getClass().getMethod("getParameterType");
            String kind = KINDS.getOrDefault(type.invoke(e), "query");
            return Optional.of(invalid(kind, String.valueOf(name.invoke(e))));
        } catch (ReflectiveOperationException notJersey) {
            return Optional.empty();
        }
    }

    private static Optional<FieldError> fromResteasy(WebApplicationException e) {
        var matcher = RESTEASY.matcher(String.valueOf(e.getMessage()));
        return matcher.find()
                ? Optional.of(invalid(matcher.group(1).toLowerCase(), matcher.group(2)))
                : Optional.empty();
    }

    private static FieldError invalid(String kind, String name) {
        return new FieldError(java.util.List.of(kind, name), "value is not valid for this parameter's type", "type_error");
    }
}
