package io.hookflow.console.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the console's page and assets. The API owns every other path of the context root ({@code /*}),
 * so the console needs a servlet of its own to be reachable; libraries come out of their WebJars in the WAR.
 */
@WebServlet(urlPatterns = {"/console", "/console/*"})
public class ConsoleAssets extends HttpServlet {

    /** Console path of a library -> its file inside the WebJar (META-INF/resources is the WAR's web root). */
    private static final Map<String, String> LIBRARIES = Map.of(
            "/lib/chart.umd.js", "/webjars/chart.js/" + ChartJs.VERSION + "/dist/chart.umd.js");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        if (path.isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/console/");
            return;
        }
        if (path.equals("/")) {
            path = "/index.html";
        }
        String resource = LIBRARIES.getOrDefault(path, "/console" + path);
        String extension = path.substring(path.lastIndexOf('.') + 1);
        if (path.contains("..") || !TYPES.containsKey(extension)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = getServletContext().getResourceAsStream(resource)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType(TYPES.get(extension));
            // the page must always be fresh (it names the scripts); scripts are small and revalidated
            response.setHeader("Cache-Control", "no-cache");
            in.transferTo(response.getOutputStream());
        }
    }

    /** The bundled Chart.js WebJar's version; ConsoleAssetsTest keeps it equal to pom.xml's chartjs.version. */
    static final class ChartJs {
        static final String VERSION = "4.4.1";

        private ChartJs() {
        }
    }
}
