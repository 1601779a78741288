package io.hookflow.platform.boundary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.hookflow.platform.control.FieldError;

/**
 * The one place that knows each surface's error shape. The workflow-webhooks surface answers the way the
 * FastAPI service it is modelled on does ({@code {"detail": ...}}); the flows surface wraps everything in its
 * {@code {status, message, data}} envelope.
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response of(UriInfo uri, int status, String message, List<FieldError> fieldErrors) {
        String path = uri == null ? "" : uri.getPath();
        int answered = statusFor(path, status, fieldErrors);
        var response = Response.status(answered).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(path, answered, message, fieldErrors));
        if (answered == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    /** FastAPI reports every input problem, malformed JSON included, as 422. */
    static int statusFor(String path, int status, List<FieldError> fieldErrors) {
        return isWorkflowSurface(path) && !fieldErrors.isEmpty() ? 422 : status;
    }

    /** The error body for a request to {@code path} (relative or absolute). */
    static Object body(String path, int status, String message, List<FieldError> fieldErrors) {
        return isWorkflowSurface(path) ? fastApi(status, message, fieldErrors) : envelope(message);
    }

    static boolean isWorkflowSurface(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.startsWith("workflows/") || "workflows".equals(relative);
    }

    private static Map<String, Object> fastApi(int status, String message, List<FieldError> fieldErrors) {
        if (status == 422 && !fieldErrors.isEmpty()) {
            return Map.of("detail", fieldErrors);
        }
        return Map.of("detail", message);
    }

    private static Map<String, Object> envelope(String message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("status", "error");
        body.put("message", message);
        body.put("data", null);
        return body;
    }
}
