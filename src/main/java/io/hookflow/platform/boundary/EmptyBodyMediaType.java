package io.hookflow.platform.boundary;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * A POST without a body and without a Content-Type ({@code /executions}, {@code /clone} called with nothing to say)
 * reaches the resource method with a null entity on every server. Jersey (Payara) passes null for an absent body;
 * RESTEasy (WildFly) looks for a reader of {@code application/octet-stream} for the method's record and answers 415,
 * and Jersey's JSON-B reader refuses an empty JSON body with 400. A JSON {@code null} is what both read as null, so
 * that is the body such a request gets; a body that is there keeps whatever type its sender gave it, or none.
 */
@Provider
@PreMatching
public class EmptyBodyMediaType implements ContainerRequestFilter {

    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.POST.equals(request.getMethod()) && request.getMediaType() == null && isEmpty(request)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
            request.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, Integer.toString(JSON_NULL.length));
            request.setEntityStream(new ByteArrayInputStream(JSON_NULL));
        }
    }

    /** HTTP/1.1: a request without Content-Length and without Transfer-Encoding has no body. */
    private static boolean isEmpty(ContainerRequestContext request) {
        return request.getLength() <= 0 && request.getHeaderString("Transfer-Encoding") == null;
    }
}
