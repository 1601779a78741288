package io.hookflow.platform.boundary;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** What the JAX-RS runtime itself refuses (unknown path, wrong method, media type), in the surface's shape. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    @Override
    public Response toResponse(WebApplicationException e) {
        var parameterError = ParameterErrors.describe(e);
        if (parameterError.isPresent()) {
            return ErrorResponses.of(uri, 422, parameterError.get().field() + ": " + parameterError.get().msg(),
                    List.of(parameterError.get()));
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 403 && (security == null || security.getUserPrincipal() == null)) {
            status = 401; // an anonymous caller is not forbidden, it is unauthenticated
        }
        if (status >= 500) {
            return FallbackExceptionMapper.internalError(uri, e);
        }
        return ErrorResponses.of(uri, status, message(status), List.of());
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 401 -> "a valid bearer token is required";
            case 403 -> "this operation is not allowed";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "only application/json responses are available";
            case 413 -> "the request body is larger than 1 MiB";
            case 415 -> "the request body must be application/json";
            default -> Response.Status.fromStatusCode(status) == null
                    ? "request refused"
                    : Response.Status.fromStatusCode(status).getReasonPhrase().toLowerCase();
        };
    }
}
