package io.hookflow.security.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callers of tokens verified a moment ago. A client sends the same token on every call until it expires;
 * checking its RSA signature and parsing its JSON each time cost more CPU than listing a page (JFR on
 * {@code GET /workflows/v1/workflow-webhooks?size=1}). A remembered token is trusted no longer than it would pass
 * verification again ({@code exp}, maximum age, each with the clock skew) and never longer than {@link #AT_MOST},
 * so a change of key or settings, which {@link #forgetAll()} also covers, takes effect within that time.
 * Only successful verifications are remembered: a refused token is checked in full every time.
 */
final class VerifiedTokens {

    static final Duration AT_MOST = Duration.ofMinutes(5);
    /** Bounded memory: tokens longer than this are verified every time, and a full memory starts over. */
    static final int LONGEST_REMEMBERED = 4096;
    static final int REMEMBERED = 4096;

    private record Verified(Identity caller, Instant validUntil) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    Optional<Identity> recall(String token, Instant now) {
        Verified known = verified.get(token);
        if (known == null) {
            return Optional.empty();
        }
        if (!now.isBefore(known.validUntil())) {
            verified.remove(token, known);
            return Optional.empty();
        }
        return Optional.of(known.caller());
    }

    /** {@code validUntil}: the first instant at which a full verification of this token would fail. */
    void remember(String token, Identity caller, Instant validUntil, Instant now) {
        if (token.length() > LONGEST_REMEMBERED) {
            return;
        }
        if (verified.size() >= REMEMBERED) {
            verified.clear(); // cheaper than an eviction order; the busy tokens come back on their next call
        }
        Instant until = validUntil.isAfter(now.plus(AT_MOST)) ? now.plus(AT_MOST) : validUntil;
        verified.put(token, new Verified(caller, until));
    }

    void forgetAll() {
        verified.clear();
    }
}
