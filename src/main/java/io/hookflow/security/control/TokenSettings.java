package io.hookflow.security.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.Config;

/**
 * The standard MicroProfile JWT keys, read the way every MP-JWT implementation reads them, so operators
 * configure Hookflow's own verification exactly as they would the server's.
 */
public record TokenSettings(Optional<String> inlineKey, Optional<String> keyLocation, String algorithm,
                            Optional<String> issuer, Set<String> audiences, Optional<Duration> maxAge,
                            Duration clockSkew, Path dataDir) {

    public static TokenSettings from(Config config) {
        return new TokenSettings(
                config.getOptionalValue("mp.jwt.verify.publickey", String.class),
                config.getOptionalValue("mp.jwt.verify.publickey.location", String.class),
                config.getOptionalValue("mp.jwt.verify.publickey.algorithm", String.class).orElse("RS256"),
                config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                config.getOptionalValue("mp.jwt.verify.audiences", String.class)
                        .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(a -> !a.isEmpty())
                                .collect(Collectors.toUnmodifiableSet()))
                        .orElse(Set.of()),
                config.getOptionalValue("mp.jwt.verify.token.age", Long.class).map(Duration::ofSeconds),
                Duration.ofSeconds(config.getOptionalValue("mp.jwt.verify.clock.skew", Long.class).orElse(60L)),
                Path.of(config.getOptionalValue("hookflow.data-dir", String.class).orElse("./data")));
    }

    /** Nothing configured: the server trusts only the key pair it made itself. */
    public boolean usesOwnKey() {
        return inlineKey.isEmpty() && keyLocation.isEmpty();
    }
}
