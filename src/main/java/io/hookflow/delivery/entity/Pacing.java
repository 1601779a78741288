package io.hookflow.delivery.entity;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * How deliveries to one target (a subscription, a flow) are going, as the engine keeps it: the terminal failures
 * in a row for the circuit breaker, the token bucket of its rate limit, and until when claims leave it alone.
 * Every feature's state row embeds this, so the breaker and the limit are one piece of code whatever the target.
 */
@Embeddable
public class Pacing {

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "failing_since")
    private Instant failingSince;

    @Column(name = "rate_tokens", nullable = false)
    private double rateTokens;

    @Column(name = "rate_refilled_at")
    private Instant rateRefilledAt;

    @Column(name = "held_until")
    private Instant heldUntil;

    /**
     * Takes up to {@code wanted} tokens from a bucket refilled at {@code perSecond} and holding at most one
     * second's worth; when it runs dry the target is held until the next token. The number taken.
     */
    public int take(int perSecond, int wanted, Instant now) {
        double refill = rateRefilledAt == null ? perSecond
                : Duration.between(rateRefilledAt, now).toNanos() / 1e9 * perSecond;
        rateTokens = Math.min(perSecond, rateTokens + Math.max(0, refill));
        rateRefilledAt = now;
        int taken = (int) Math.min(wanted, Math.floor(rateTokens));
        rateTokens -= taken;
        if (rateTokens < 1) {
            long nanosToNextToken = (long) Math.ceil((1 - rateTokens) / perSecond * 1e9);
            holdUntil(now.plusNanos(nanosToNextToken));
        }
        return taken;
    }

    /** Claims skip the target until {@code until} (or longer, if already held longer). */
    public void holdUntil(Instant until) {
        if (heldUntil == null || heldUntil.isBefore(until)) {
            heldUntil = until;
        }
    }

    /** A delivery succeeded: the failures in a row start again from zero. */
    public void recordSuccess() {
        consecutiveFailures = 0;
        failingSince = null;
    }

    /** A piece of work failed for good; the number of such failures in a row, counting this one. */
    public int recordTerminalFailure(Instant at) {
        if (consecutiveFailures == 0 || failingSince == null) {
            failingSince = at;
        }
        return ++consecutiveFailures;
    }

    /** Whether the failures in a row reach {@code count} and span at least {@code span}. */
    public boolean failingFor(int count, Duration span, Instant now) {
        return consecutiveFailures >= count && failingSince != null && !failingSince.plus(span).isAfter(now);
    }

    /** A person let the target receive again: it starts afresh. */
    public void reset() {
        recordSuccess();
        heldUntil = null;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Instant failingSince() {
        return failingSince;
    }

    public Instant heldUntil() {
        return heldUntil;
    }
}
