package io.hookflow.platform.boundary;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.hookflow.platform.control.Meters;

/**
 * {@code GET /metrics}: Prometheus text on the HTTP port, on every server. A servlet with an exact mapping
 * because Payara adds its own MicroProfile Metrics servlet at {@code /metrics/*} to whichever application sits
 * at the context root, and an exact mapping wins over it (its {@code /metrics/base} and {@code /metrics/vendor}
 * stay where they are).
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Meters meters;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(PROMETHEUS_TEXT);
        response.getWriter().write(meters.scrape());
    }
}
