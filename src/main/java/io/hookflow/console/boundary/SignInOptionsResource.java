package io.hookflow.console.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.hookflow.console.control.ConsoleSettings;

/**
 * How a person may sign in to the console, asked before anyone has a token. Shape fixed in COORDINATION.md;
 * the auth branch owns the development sign-in (and this resource when merged), so here it is never offered.
 */
@Path("/auth/sign-in-options")
public class SignInOptionsResource {

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public SignInOptions options() {
        return new SignInOptions(ConsoleSettings.oidc().map(o -> new OidcOption(o.issuer(), o.clientId())).orElse(null), false);
    }

    public record SignInOptions(OidcOption oidc, @JsonbProperty("dev_sign_in") boolean devSignIn) {
    }

    public record OidcOption(String issuer, @JsonbProperty("client_id") String clientId) {
    }
}
