package io.hookflow.flows.control;

import io.hookflow.platform.control.HashedSecrets;

/**
 * The token that authenticates an inbound flow's trigger calls ({@code X-Flow-Token}). Only its SHA-256 is
 * stored; a presented token is hashed and compared in constant time.
 */
public final class InboundTokens {

    static final String PREFIX = "flt_";

    private InboundTokens() {
    }

    public static String generate() {
        return HashedSecrets.generate(PREFIX);
    }

    public static String hash(String token) {
        return HashedSecrets.hash(token);
    }

    /** Whether {@code presented} is the token behind {@code storedHash}; time does not depend on where they differ. */
    public static boolean matches(String presented, String storedHash) {
        return HashedSecrets.matches(presented, storedHash);
    }
}
