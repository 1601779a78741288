package io.hookflow.platform.boundary;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.json.bind.Jsonb;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The server's security layer refuses a bad token before JAX-RS runs, with the container's HTML error page; a
 * request JAX-RS refuses before any mapper runs, and a transaction that fails at commit (after the resource
 * returned), end the same way. web.xml sends every such error here so it reaches clients in the API's own shape.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    static final String PATH = "/_error";

    private final Jsonb jsonb = new JsonbConfiguration().getContext(Object.class);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? request.getRequestURI() : uri.toString();
        String message = switch (status) {
            case 401 -> "a valid bearer token is required";
            case 403 -> "this operation is not allowed";
            case 404 -> "not found";
            case 500 -> "internal error (the server's log has the details)";
            default -> Optional.ofNullable(Response.Status.fromStatusCode(status))
                    .map(known -> known.getReasonPhrase().toLowerCase(Locale.ROOT)).orElse("request refused");
        };
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (status == 401) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        response.getWriter().write(jsonb.toJson(ErrorResponses.body(path, status, message, List.of())));
    }
}
