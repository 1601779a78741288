package io.hookflow.platform.boundary;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.hookflow.platform.control.Conflict;
import io.hookflow.platform.control.DomainException;
import io.hookflow.platform.control.Forbidden;
import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.Malformed;
import io.hookflow.platform.control.NotFound;
import io.hookflow.platform.control.TooLarge;
import io.hookflow.platform.control.Unauthorized;

/** The one place where a refusal becomes an HTTP status; {@link ErrorResponses} gives it the surface's shape. */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(DomainException e) {
        return response(uri, e);
    }

    static Response response(UriInfo uri, DomainException e) {
        return ErrorResponses.of(uri, status(e), e.getMessage(), e.fieldErrors());
    }

    static int status(DomainException e) {
        if (e instanceof Invalid) {
            return 422;
        } else if (e instanceof NotFound) {
            return 404;
        } else if (e instanceof Conflict) {
            return 409;
        } else if (e instanceof Forbidden) {
            return 403;
        } else if (e instanceof Unauthorized) {
            return 401;
        } else if (e instanceof TooLarge) {
            return 413;
        } else if (e instanceof Malformed) {
            return 400;
        }
        throw new IllegalStateException("no status for " + e.getClass().getName());
    }
}
