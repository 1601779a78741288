package io.hookflow.security.control;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Verifies bearer JWTs (signature with a key resolved once, {@code iss}, {@code aud}, {@code exp}/{@code nbf}
 * with clock skew, maximum age from {@code iat}) and reads the claims Hookflow uses. The same code on every
 * server, configured by the standard {@code mp.jwt.verify.*} keys.
 */
@ApplicationScoped
public class BearerTokens {

    private static final Logger LOG = Logger.getLogger(BearerTokens.class.getName());
    private static final int LONGEST_TOKEN = 16 * 1024;

    private TokenSettings settings;
    private TrustedKeys keys;
    private DefaultJWTProcessor<SecurityContext> processor;
    private final VerifiedTokens verified = new VerifiedTokens();
    Clock clock = Clock.systemUTC();

    /** Resolves the keys while the application starts, so a wrong setting fails the deployment, not the first call. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.info("Bearer tokens are verified with " + keys.description());
    }

    @PostConstruct
    void resolveKeys() {
        configure(TokenSettings.from(ConfigProvider.getConfig()));
    }

    void configure(TokenSettings settings) {
        verified.forgetAll();
        this.settings = settings;
        try {
            keys = TrustedKeys.resolve(settings);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the token verification key: " + e.getMessage(), e);
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys.selector());
        var exact = new JWTClaimsSet.Builder();
        settings.issuer().ifPresent(exact::issuer);
        var required = new HashSet<>(Set.of("exp"));
        settings.maxAge().ifPresent(age -> required.add("iat"));
        var claims = new DefaultJWTClaimsVerifier<SecurityContext>(
                settings.audiences().isEmpty() ? null : new HashSet<>(settings.audiences()), exact.build(), required, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant()); // one clock for the verification and for remembered tokens
            }
        };
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The caller a valid token names; empty for anything else (the reason is logged at FINE, never the token). */
    public Optional<Identity> identify(String token) {
        if (token.length() > LONGEST_TOKEN) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        var known = verified.recall(token, now);
        if (known.isPresent()) {
            return known;
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            if (tooOld(claims, now)) {
                LOG.fine("refused a token older than mp.jwt.verify.token.age");
                return Optional.empty();
            }
            var caller = identity(claims);
            verified.remember(token, caller, validUntil(claims), now);
            return Optional.of(caller);
        } catch (java.text.ParseException | BadJOSEException | com.nimbusds.jose.JOSEException | RuntimeException e) {
            LOG.log(Level.FINE, "refused a bearer token: {0}", e.getMessage());
            return Optional.empty();
        }
    }

    public TokenSettings settings() {
        return settings;
    }

    /** The signing pair when the server trusts only the key it made itself. */
    public Optional<com.nimbusds.jose.jwk.RSAKey> ownKey() {
        return keys.ownKey();
    }

    private boolean tooOld(JWTClaimsSet claims, Instant now) {
        return settings.maxAge()
                .map(age -> claims.getIssueTime().toInstant().plus(age).plus(settings.clockSkew()).isBefore(now))
                .orElse(false);
    }

    /** When a full verification of these (valid) claims would first fail: expiry or maximum age, with the skew. */
    private Instant validUntil(JWTClaimsSet claims) {
        Instant expiry = claims.getExpirationTime().toInstant().plus(settings.clockSkew());
        return settings.maxAge()
                .map(age -> claims.getIssueTime().toInstant().plus(age).plus(settings.clockSkew()).plusMillis(1))
                .filter(tooOld -> tooOld.isBefore(expiry))
                .orElse(expiry);
    }

    private static Identity identity(JWTClaimsSet claims) {
        String user = Optional.ofNullable(claims.getSubject())
                .or(() -> text(claims.getClaim("upn")))
                .or(() -> text(claims.getClaim("preferred_username")))
                .orElse(null);
        return new Identity(user, groups(claims.getClaim("groups")), text(claims.getClaim("team_id")).orElse(null),
                text(claims.getClaim("company_id")).orElse(null), null);
    }

    private static Set<String> groups(Object claim) {
        if (claim instanceof Collection<?> values) {
            var groups = new HashSet<String>();
            values.forEach(value -> text(value).ifPresent(groups::add));
            return groups;
        }
        return text(claim).map(Set::of).orElse(Set.of());
    }

    private static Optional<String> text(Object claim) {
        return claim instanceof String || claim instanceof Number ? Optional.of(claim.toString()) : Optional.empty();
    }
}
