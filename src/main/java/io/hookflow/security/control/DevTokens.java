package io.hookflow.security.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Admin tokens for the local console, signed with the server's own generated key. Only that key: a server
 * configured with a real identity provider's key has no private key to sign with and mints nothing.
 */
@ApplicationScoped
public class DevTokens {

    public static final String DEFAULT_ISSUER = "hookflow-dev";
    static final Duration LIFETIME = Duration.ofHours(8);

    @Inject
    BearerTokens tokens;

    @Inject
    @ConfigProperty(name = "hookflow.dev.team-id", defaultValue = "64b7f0c2a1b2c3d4e5f60718")
    String teamId;

    @Inject
    @ConfigProperty(name = "hookflow.dev.company-id", defaultValue = "00000000-0000-4000-8000-000000000001")
    String companyId;

    public record Minted(String token, Instant expiresAt) {
    }

    /** Whether this server can mint: it verifies with nothing but its own generated key. */
    public boolean available() {
        return tokens.ownKey().isPresent();
    }

    public Minted mintAdmin() {
        var key = tokens.ownKey().orElseThrow(() -> new IllegalStateException("no own key to sign with"));
        var settings = tokens.settings();
        Instant now = Instant.now();
        Duration lifetime = settings.maxAge().filter(age -> age.compareTo(LIFETIME) < 0).orElse(LIFETIME);
        Instant expiresAt = now.plus(lifetime);
        var claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer().orElse(DEFAULT_ISSUER))
                .subject("local-admin")
                .claim("upn", "local-admin")
                .claim("groups", List.of(Roles.ADMIN))
                .claim("team_id", teamId)
                .claim("company_id", companyId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString());
        settings.audiences().stream().findFirst().ifPresent(claims::audience);
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the server's own key", e);
        }
        return new Minted(jwt.serialize(), expiresAt);
    }
}
