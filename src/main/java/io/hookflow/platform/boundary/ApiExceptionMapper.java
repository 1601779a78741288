package io.hookflow.platform.boundary;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.hookflow.platform.control.ApiException;

@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(ApiException e) {
        return ErrorResponses.of(uri, e.status(), e.getMessage(), e.fieldErrors());
    }
}
