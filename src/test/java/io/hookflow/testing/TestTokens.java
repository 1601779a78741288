package io.hookflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Real RS256 tokens signed with the key pair {@link ItEnvironment} made for this run. Build one with the
 * claims a test needs: {@code TestTokens.forTeam(team).roles("editor").mint()}.
 */
public final class TestTokens {

    private String subject = "tester";
    private String teamId;
    private String companyId;
    private List<String> groups = List.of("admin");
    private String issuer = ItEnvironment.ISSUER;
    private Instant expiresAt = Instant.now().plus(Duration.ofHours(1));
    private Instant issuedAt = Instant.now().minusSeconds(5);
    private String audience = ItEnvironment.AUDIENCE;
    private RSAPrivateKey key = privateKey(Path.of(System.getProperty("hookflow.it.workdir", "target/it"), "jwt-private.pem"));

    private TestTokens() {
    }

    public static TestTokens forTeam(String teamId) {
        var tokens = new TestTokens();
        tokens.teamId = teamId;
        return tokens;
    }

    public static TestTokens forCompany(UUID companyId) {
        var tokens = new TestTokens();
        tokens.companyId = companyId.toString();
        return tokens;
    }

    /** Both tenants at once, as a person using both surfaces (the console) has. */
    public TestTokens andCompany(UUID companyId) {
        this.companyId = companyId.toString();
        return this;
    }

    public static TestTokens withoutTenant() {
        return new TestTokens();
    }

    /** A fresh 24-hex team id, so each test has a tenant of its own. */
    public static String newTeamId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** Adds the flows surface's tenant; {@code null} leaves it out. */
    public TestTokens company(UUID companyId) {
        this.companyId = companyId == null ? null : companyId.toString();
        return this;
    }

    public TestTokens subject(String subject) {
        this.subject = subject;
        return this;
    }

    public TestTokens roles(String... roles) {
        this.groups = List.of(roles);
        return this;
    }

    public TestTokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    public TestTokens expiredAt(Instant at) {
        this.expiresAt = at;
        return this;
    }

    /** {@code null}: no {@code aud} claim. */
    public TestTokens audience(String audience) {
        this.audience = audience;
        return this;
    }

    public TestTokens issuedAt(Instant at) {
        this.issuedAt = at;
        return this;
    }

    public TestTokens signedWith(RSAPrivateKey otherKey) {
        this.key = otherKey;
        return this;
    }

    public String mint() {
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim("upn", subject)
                .claim("groups", groups)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString());
        if (audience != null) {
            claims.audience(audience);
        }
        if (teamId != null) {
            claims.claim("team_id", teamId);
        }
        if (companyId != null) {
            claims.claim("company_id", companyId);
        }
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A PKCS#8 PEM private key, for tests that sign with a key other than this run's. */
    public static RSAPrivateKey privateKey(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("no test key at " + pem + ": integration tests run through failsafe", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
