package io.hookflow.security.control;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookflow.platform.control.HashedSecrets;
import io.hookflow.platform.control.Timestamps;
import io.hookflow.security.entity.ApiKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks presented {@code hf_} keys. Each node keeps what it read of a key for a few seconds (under 5 s, so a
 * revocation or expiry on any node is honoured everywhere within 5 s) and reads it again after: a check is then
 * a hash and a map lookup. The key itself is never kept or logged; the cache holds hashes.
 */
@ApplicationScoped
public class ApiKeyCredentials {

    private static final Logger LOG = Logger.getLogger(ApiKeyCredentials.class.getName());
    private static final int LONGEST_KEY = 100;
    private static final int MOST_CACHED = 10_000;

    @Inject
    ApiKeys apiKeys;

    @Inject
    @ConfigProperty(name = "hookflow.api-keys.cache-seconds", defaultValue = "4")
    long cacheSeconds;

    private final ConcurrentHashMap<String, Read> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> lastUseWritten = new ConcurrentHashMap<>();

    /** What the database said about a hash, and when; {@code key == null}: no such key. */
    private record Read(Known key, long readAtNanos) {
    }

    /** The parts of a key a check needs, detached from any persistence context. */
    private record Known(String id, byte[] hash, Identity identity, Instant expiresAt, boolean revoked) {
        boolean usableAt(Instant now) {
            return !revoked && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    public static boolean looksLikeKey(String credential) {
        return credential.startsWith(ApiKeys.PREFIX);
    }

    public Optional<Identity> identify(String presented) {
        if (presented.length() > LONGEST_KEY) {
            return Optional.empty();
        }
        byte[] digest = HashedSecrets.sha256(presented);
        String hash = HexFormat.of().formatHex(digest);
        long now = System.nanoTime();
        Read read = cache.get(hash);
        if (read == null || now - read.readAtNanos() > Duration.ofSeconds(cacheSeconds).toNanos()) {
            read = new Read(apiKeys.findByHash(hash).map(ApiKeyCredentials::known).orElse(null), now);
            if (cache.size() >= MOST_CACHED) {
                cache.clear();
            }
            cache.put(hash, read);
        }
        Known key = read.key();
        Instant at = Timestamps.now();
        if (key == null || !MessageDigest.isEqual(key.hash(), digest) || !key.usableAt(at)) {
            return Optional.empty();
        }
        noteUse(key.id(), at);
        return Optional.of(key.identity());
    }

    /** Forgets what this node read of a key, so its own revocations apply at once. */
    public void forget(String keyHash) {
        cache.remove(keyHash);
    }

    private void noteUse(String id, Instant at) {
        Instant written = lastUseWritten.get(id);
        if (written != null && written.plus(ApiKeys.LAST_USED_RESOLUTION).isAfter(at)) {
            return;
        }
        if (lastUseWritten.size() >= MOST_CACHED) {
            lastUseWritten.clear();
        }
        lastUseWritten.put(id, at);
        try {
            apiKeys.markUsed(id, at);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not note the use of API key " + id, e);
        }
    }

    private static Known known(ApiKey key) {
        var identity = new Identity("api-key:" + key.id(), Set.of(key.role()), key.teamId().orElse(null),
                key.companyId().map(Object::toString).orElse(null), key.id());
        return new Known(key.id(), HexFormat.of().parseHex(key.keyHash()), identity, key.expiresAt().orElse(null),
                key.revokedAt().isPresent());
    }
}
