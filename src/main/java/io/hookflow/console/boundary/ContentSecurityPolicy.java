package io.hookflow.console.boundary;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.hookflow.console.control.ConsoleSettings;

/**
 * The console runs only its own scripts and talks only to this server and, when configured, the OpenID
 * Connect issuer: an injected script could not load code or send a token anywhere else.
 */
@WebFilter(urlPatterns = {"/console", "/console/*"})
public class ContentSecurityPolicy extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", policy());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }

    static String policy() {
        String issuer = ConsoleSettings.oidc().flatMap(ConsoleSettings.Oidc::origin).map(o -> " " + o).orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self'" + issuer + "; form-action 'self'" + issuer + "; "
                + "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    }
}
