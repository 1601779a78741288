package io.hookflow.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokensTest {

    @TempDir
    Path dataDir;

    private static TokenSettings settings(Path dataDir, Optional<String> location, Set<String> audiences, Optional<Duration> maxAge) {
        return new TokenSettings(Optional.empty(), location, "RS256", Optional.of("test-issuer"), audiences, maxAge,
                Duration.ofSeconds(60), dataDir);
    }

    private BearerTokens ownKeyTokens(Set<String> audiences, Optional<Duration> maxAge) {
        var tokens = new BearerTokens();
        tokens.configure(settings(dataDir, Optional.empty(), audiences, maxAge));
        return tokens;
    }

    private static String token(RSAPrivateKey key, Consumer<JWTClaimsSet.Builder> changes) throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer("test-issuer").subject("alice")
                .claim("groups", List.of("editor")).claim("team_id", "64b7f0c2a1b2c3d4e5f60718")
                .claim("company_id", "00000000-0000-4000-8000-000000000001")
                .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(Instant.now().plusSeconds(600)));
        changes.accept(claims);
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private RSAPrivateKey ownPrivateKey() throws Exception {
        return KeyTexts.rsaKeyPair(Files.readString(dataDir.resolve("keys/jwt-private.pem"))).toRSAPrivateKey();
    }

    @Test
    void withNothingConfiguredTheServerMakesItsOwnPairReadableByItsOwnerOnly() throws Exception {
        var tokens = ownKeyTokens(Set.of(), Optional.empty());

        assertThat(tokens.ownKey()).isPresent();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("keys/jwt-private.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        var caller = tokens.identify(token(ownPrivateKey(), c -> { }));
        assertThat(caller).hasValueSatisfying(identity -> {
            assertThat(identity.user()).isEqualTo("alice");
            assertThat(identity.roles()).containsExactly("editor");
            assertThat(identity.teamId()).isEqualTo("64b7f0c2a1b2c3d4e5f60718");
            assertThat(identity.companyId()).isEqualTo("00000000-0000-4000-8000-000000000001");
        });
    }

    @Test
    void aSecondStartKeepsTheSameKeyPair() throws Exception {
        var first = ownKeyTokens(Set.of(), Optional.empty()).ownKey().orElseThrow();
        var second = ownKeyTokens(Set.of(), Optional.empty()).ownKey().orElseThrow();
        assertThat(second.toRSAPublicKey()).isEqualTo(first.toRSAPublicKey());
    }

    @Test
    void aTokenSignedWithTheFormerlyShippedDevKeyIsRefused() throws Exception {
        var tokens = ownKeyTokens(Set.of(), Optional.empty());
        String pem;
        try (InputStream in = getClass().getResourceAsStream("/keys/formerly-shipped-dev-private.pem")) {
            pem = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var shipped = KeyTexts.rsaKeyPair(pem).toRSAPrivateKey();

        assertThat(tokens.identify(token(shipped, c -> c.issuer("hookflow-dev")))).isEmpty();
        assertThat(tokens.identify(token(shipped, c -> { }))).isEmpty();
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        var tokens = ownKeyTokens(Set.of("hookflow", "other-api"), Optional.empty());

        assertThat(tokens.identify(token(ownPrivateKey(), c -> c.audience("hookflow")))).isPresent();
        assertThat(tokens.identify(token(ownPrivateKey(), c -> c.audience(List.of("x", "other-api"))))).isPresent();
        assertThat(tokens.identify(token(ownPrivateKey(), c -> c.audience("someone-else")))).isEmpty();
        assertThat(tokens.identify(token(ownPrivateKey(), c -> { }))).isEmpty();
    }

    @Test
    void aTokenOlderThanTheMaximumAgeIsRefusedEvenBeforeItExpires() throws Exception {
        var tokens = ownKeyTokens(Set.of(), Optional.of(Duration.ofMinutes(10)));

        assertThat(tokens.identify(token(ownPrivateKey(), c -> { }))).isPresent();
        assertThat(tokens.identify(token(ownPrivateKey(),
                c -> c.issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(15))))))).isEmpty();
        assertThat(tokens.identify(token(ownPrivateKey(), c -> c.issueTime(null)))).isEmpty();
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedOnceItExpires() throws Exception {
        var tokens = ownKeyTokens(Set.of(), Optional.empty());
        Instant now = Instant.now();
        String token = token(ownPrivateKey(), c -> c.expirationTime(Date.from(now.plusSeconds(600))));
        assertThat(tokens.identify(token)).isPresent();

        tokens.clock = Clock.fixed(now.plusSeconds(600 + 61), ZoneOffset.UTC); // past expiry and the 60 s skew

        assertThat(tokens.identify(token)).isEmpty();
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedOnceOlderThanTheMaximumAge() throws Exception {
        var tokens = ownKeyTokens(Set.of(), Optional.of(Duration.ofMinutes(10)));
        Instant now = Instant.now();
        String token = token(ownPrivateKey(), c -> c.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))));
        assertThat(tokens.identify(token)).isPresent();

        tokens.clock = Clock.fixed(now.plus(Duration.ofMinutes(12)), ZoneOffset.UTC);

        assertThat(tokens.identify(token)).isEmpty();
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedOnceAnotherKeyIsConfigured() throws Exception {
        var tokens = ownKeyTokens(Set.of(), Optional.empty());
        String token = token(ownPrivateKey(), c -> { });
        assertThat(tokens.identify(token)).isPresent();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path pem = dataDir.resolve("other.pem");
        Files.writeString(pem, KeyTexts.pem("PUBLIC KEY", generator.generateKeyPair().getPublic().getEncoded()));

        tokens.configure(settings(dataDir, Optional.of("file:" + pem), Set.of(), Optional.empty()));

        assertThat(tokens.identify(token)).isEmpty();
    }

    @Test
    void expiredWrongIssuerAndGarbageAreRefused() throws Exception {
        var tokens = ownKeyTokens(Set.of(), Optional.empty());

        assertThat(tokens.identify(token(ownPrivateKey(), c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)))))).isEmpty();
        assertThat(tokens.identify(token(ownPrivateKey(), c -> c.issuer("someone-else")))).isEmpty();
        assertThat(tokens.identify("not-a-jwt")).isEmpty();
        assertThat(tokens.identify("a.b.c")).isEmpty();
    }

    @Test
    void aConfiguredKeyIsTheOnlyOneTrustedAndNoOwnKeyIsMade() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        Path pem = dataDir.resolve("configured.pem");
        Files.writeString(pem, KeyTexts.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        var tokens = new BearerTokens();
        tokens.configure(settings(dataDir.resolve("elsewhere"), Optional.of("file:" + pem), Set.of(), Optional.empty()));

        assertThat(tokens.ownKey()).isEmpty();
        assertThat(Files.exists(dataDir.resolve("elsewhere"))).isFalse();
        assertThat(tokens.identify(token((RSAPrivateKey) pair.getPrivate(), c -> { }))).isPresent();
        assertThat(tokens.identify(token(otherKey(), c -> { }))).isEmpty();
    }

    @Test
    void aJwksFileWithKeyIdsIsAccepted() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        var jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID("k1").build();
        Path jwks = dataDir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(jwk).toString());
        var tokens = new BearerTokens();
        tokens.configure(settings(dataDir, Optional.of(jwks.toString()), Set.of(), Optional.empty()));

        var claims = new JWTClaimsSet.Builder().issuer("test-issuer").subject("svc")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
        var signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        signed.sign(new RSASSASigner((RSAPrivateKey) pair.getPrivate()));
        assertThat(tokens.identify(signed.serialize())).isPresent();
    }

    @Test
    void claimValuesThatAreNotTextAreIgnoredRatherThanFailing() throws Exception {
        var tokens = ownKeyTokens(Set.of(), Optional.empty());
        var identity = tokens.identify(token(ownPrivateKey(), c -> c.claim("team_id", Map.of("a", 1)).claim("groups", "viewer")));
        assertThat(identity).hasValueSatisfying(i -> {
            assertThat(i.teamId()).isNull();
            assertThat(i.roles()).containsExactly("viewer");
        });
    }

    private static RSAPrivateKey otherKey() throws IOException {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
