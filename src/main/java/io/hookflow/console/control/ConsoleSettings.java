package io.hookflow.console.control;

import java.net.URI;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

/** The OpenID Connect provider the console signs in with, when the operator configured one. */
public final class ConsoleSettings {

    static final String ISSUER = "hookflow.console.oidc.issuer";
    static final String CLIENT_ID = "hookflow.console.oidc.client-id";

    private ConsoleSettings() {
    }

    public static Optional<Oidc> oidc() {
        var config = ConfigProvider.getConfig();
        Optional<String> issuer = config.getOptionalValue(ISSUER, String.class).filter(s -> !s.isBlank());
        Optional<String> clientId = config.getOptionalValue(CLIENT_ID, String.class).filter(s -> !s.isBlank());
        return issuer.flatMap(i -> clientId.map(c -> new Oidc(i, c)));
    }

    public record Oidc(String issuer, String clientId) {

        /** scheme://host[:port] of the issuer: what the page may connect to and post forms to. */
        public Optional<String> origin() {
            try {
                URI uri = URI.create(issuer);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return Optional.empty();
                }
                return Optional.of(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
