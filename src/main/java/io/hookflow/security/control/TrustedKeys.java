package io.hookflow.security.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The keys tokens are verified with, resolved once at start: the configured key (inline, or a location that is
 * a file, a class path resource or an http(s) JWKS fetched and cached by Nimbus), or, with nothing configured,
 * the server's own generated pair. Keys are turned into Java keys once; a request only looks them up.
 */
public final class TrustedKeys {

    private final JWSKeySelector<SecurityContext> selector;
    private final Optional<RSAKey> ownKey;
    private final String description;

    private TrustedKeys(JWSKeySelector<SecurityContext> selector, Optional<RSAKey> ownKey, String description) {
        this.selector = selector;
        this.ownKey = ownKey;
        this.description = description;
    }

    public static TrustedKeys resolve(TokenSettings settings) throws IOException, GeneralSecurityException {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(settings.algorithm());
        if (settings.usesOwnKey()) {
            RSAKey own = OwnKeyPair.loadOrCreate(settings.dataDir());
            return new TrustedKeys(local(algorithm, List.of(own.toPublicJWK())), Optional.of(own),
                    "this server's own key in " + settings.dataDir().resolve(OwnKeyPair.DIRECTORY).toAbsolutePath());
        }
        if (settings.inlineKey().isPresent()) {
            return new TrustedKeys(local(algorithm, KeyTexts.publicKeys(settings.inlineKey().get())), Optional.empty(),
                    "the key in mp.jwt.verify.publickey");
        }
        String location = settings.keyLocation().orElseThrow().trim();
        if (location.startsWith("http://") || location.startsWith("https://")) {
            var remote = JWKSourceBuilder.create(URI.create(location).toURL()).build();
            return new TrustedKeys(new JWSVerificationKeySelector<>(algorithm, remote), Optional.empty(),
                    "the JWKS at " + location);
        }
        return new TrustedKeys(local(algorithm, KeyTexts.publicKeys(read(location))), Optional.empty(), location);
    }

    public JWSKeySelector<SecurityContext> selector() {
        return selector;
    }

    /** The signing pair, only when the server trusts nothing but the key it made itself. */
    public Optional<RSAKey> ownKey() {
        return ownKey;
    }

    public String description() {
        return description;
    }

    /** A token naming a key id gets that key and the keys that have none (PEM keys); no kid gets every key. */
    private static JWSKeySelector<SecurityContext> local(JWSAlgorithm algorithm, List<JWK> keys) throws GeneralSecurityException {
        List<Key> unnamed = new ArrayList<>();
        Map<String, List<Key>> named = new HashMap<>();
        List<Key> all = new ArrayList<>();
        for (JWK jwk : keys) {
            Key key = javaKey(jwk);
            all.add(key);
            if (jwk.getKeyID() == null) {
                unnamed.add(key);
            } else {
                named.computeIfAbsent(jwk.getKeyID(), id -> new ArrayList<>()).add(key);
            }
        }
        Map<String, List<Key>> byKid = new HashMap<>();
        named.forEach((kid, list) -> {
            var withUnnamed = new ArrayList<>(list);
            withUnnamed.addAll(unnamed);
            byKid.put(kid, List.copyOf(withUnnamed));
        });
        List<Key> everyKey = List.copyOf(all);
        List<Key> withoutKid = List.copyOf(unnamed);
        return (header, context) -> {
            if (!algorithm.equals(header.getAlgorithm())) {
                return List.of();
            }
            String kid = header.getKeyID();
            return kid == null ? everyKey : byKid.getOrDefault(kid, withoutKid);
        };
    }

    private static Key javaKey(JWK jwk) throws GeneralSecurityException {
        try {
            if (jwk instanceof AsymmetricJWK asymmetric) {
                return asymmetric.toPublicKey();
            }
        } catch (JOSEException e) {
            throw new GeneralSecurityException(e);
        }
        throw new GeneralSecurityException("a verification key must be RSA or EC, not " + jwk.getKeyType());
    }

    private static String read(String location) throws IOException {
        if (location.startsWith("file:")) {
            return Files.readString(Path.of(URI.create(location)));
        }
        String resource = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        Path file = Path.of(location);
        if (!location.startsWith("classpath:") && Files.isRegularFile(file)) {
            return Files.readString(file);
        }
        URL url = Thread.currentThread().getContextClassLoader().getResource(resource.replaceFirst("^/", ""));
        if (url == null) {
            throw new IOException("no key at " + location + " (neither a file nor a class path resource)");
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
