package io.hookflow.platform.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets the server hands out once and keeps only as a SHA-256 (hex): 32 random bytes behind a prefix that
 * says what they are. 256 random bits need no slow hash; a presented value is hashed and compared in constant time.
 */
public final class HashedSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private HashedSecrets() {
    }

    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Whether {@code presented} is the secret behind {@code storedHash}; time does not depend on where they differ. */
    public static boolean matches(String presented, String storedHash) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented == null ? "" : presented), expected) && presented != null;
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
