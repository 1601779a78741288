package io.hookflow.platform.boundary;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Anything unforeseen: logged with an id the caller can quote, never echoed back with a stack trace. */
@Provider
public class FallbackExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(FallbackExceptionMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
        return JsonBodyErrors.asBodyError(e)
                .map(refusal -> DomainExceptionMapper.response(uri, refusal))
                .orElseGet(() -> internalError(uri, e));
    }

    static Response internalError(UriInfo uri, Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unhandled error, incident " + incident, e);
        return ErrorResponses.of(uri, 500, "internal error (incident " + incident + ")", List.of());
    }
}
