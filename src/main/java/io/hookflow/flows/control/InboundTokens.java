package io.hookflow.flows.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The token that authenticates an inbound flow's trigger calls ({@code X-Flow-Token}). Only its SHA-256 is
 * stored; a presented token is hashed and compared in constant time.
 */
public final class InboundTokens {

    static final String PREFIX = "flt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private InboundTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Whether {@code presented} is the token behind {@code storedHash}; time does not depend on where they differ. */
    public static boolean matches(String presented, String storedHash) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented == null ? "" : presented), expected) && presented != null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
