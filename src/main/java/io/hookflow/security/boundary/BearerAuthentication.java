package io.hookflow.security.boundary;

import java.security.Principal;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import io.hookflow.security.control.ApiKeyCredentials;
import io.hookflow.security.control.BearerTokens;
import io.hookflow.security.control.Identity;

/**
 * Reads {@code Authorization: Bearer <JWT or hf_ API key>} and, when it is valid, makes the request's
 * {@link SecurityContext} say who calls. A missing or bad credential leaves the request anonymous: the role
 * check then answers 401 where a role is needed, and open paths (inbound triggers, sign-in options) still work.
 * Hookflow verifies tokens itself so that no server's own security layer runs per request (Payara's MP-JWT
 * re-parsed the key and threw several exceptions on every call) and answers are the same on every server.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthentication implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";

    @Inject
    BearerTokens tokens;

    @Inject
    ApiKeyCredentials apiKeys;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return;
        }
        String credential = header.substring(SCHEME.length()).trim();
        Optional<Identity> identity = ApiKeyCredentials.looksLikeKey(credential)
                ? apiKeys.identify(credential)
                : tokens.identify(credential);
        identity.ifPresent(caller -> {
            request.setProperty(Identity.ATTRIBUTE, caller);
            request.setSecurityContext(new Verified(caller, request.getSecurityContext().isSecure()));
        });
    }

    private record Verified(Identity caller, boolean isSecure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.hasRole(role);
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
