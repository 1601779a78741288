package io.hookflow.security.boundary;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.hookflow.platform.control.NotFound;
import io.hookflow.security.control.DevTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the console needs before anyone is signed in: how to sign in, and, on a developer's own machine, a
 * ready-made admin token. The dev token exists only for loopback callers of a server that trusts nothing but
 * its own generated key; anywhere else the path answers 404 as if it did not exist.
 */
@Path("auth")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    @Inject
    DevTokens devTokens;

    @Inject
    @ConfigProperty(name = "hookflow.console.oidc.issuer")
    Optional<String> oidcIssuer;

    @Inject
    @ConfigProperty(name = "hookflow.console.oidc.client-id")
    Optional<String> oidcClientId;

    @Context
    HttpServletRequest request;

    public record Oidc(String issuer, String clientId) {
    }

    public record SignInOptions(Oidc oidc, boolean devSignIn) {
    }

    public record DevToken(String token, Instant expiresAt) {
    }

    @GET
    @Path("sign-in-options")
    public SignInOptions signInOptions() {
        Oidc oidc = oidcIssuer.isPresent() && oidcClientId.isPresent() ? new Oidc(oidcIssuer.get(), oidcClientId.get()) : null;
        return new SignInOptions(oidc, devSignInAllowed());
    }

    @POST
    @Path("dev-token")
    public DevToken devToken() {
        if (!devSignInAllowed()) {
            throw new NotFound("not found");
        }
        var minted = devTokens.mintAdmin();
        return new DevToken(minted.token(), minted.expiresAt());
    }

    /** Own key, and a caller on this machine talking to the server directly (a proxy on this host is not a local user). */
    private boolean devSignInAllowed() {
        return devTokens.available() && isLoopback(request.getRemoteAddr())
                && request.getHeader("Forwarded") == null && request.getHeader("X-Forwarded-For") == null;
    }

    private static boolean isLoopback(String address) {
        try {
            // a literal address: no name lookup happens
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
