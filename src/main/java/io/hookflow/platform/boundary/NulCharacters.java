package io.hookflow.platform.boundary;

import java.io.IOException;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import io.hookflow.platform.control.Texts;

/**
 * PostgreSQL stores a NUL character neither in text nor in jsonb: a value holding one failed at the database with a
 * 500, or at commit with the server's HTML page. Every request is checked here, once, for every resource: its
 * query and path parameters, and its body as read (the record, JSON-P value or text a resource takes), and refused
 * with a 422 naming where the NUL is. Runs after authentication, so a caller without a token learns nothing.
 */
@Provider
@Priority(Priorities.USER)
public class NulCharacters implements ContainerRequestFilter, ReaderInterceptor {

    @Override
    public void filter(ContainerRequestContext request) {
        refuseIn("query", request.getUriInfo().getQueryParameters());
        refuseIn("path", request.getUriInfo().getPathParameters());
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        Texts.requireNoNul(List.of("body"), body);
        return body;
    }

    private static void refuseIn(String where, MultivaluedMap<String, String> parameters) {
        parameters.forEach((name, values) -> values.forEach(value -> Texts.requireNoNul(List.of(where, name), value)));
    }
}
