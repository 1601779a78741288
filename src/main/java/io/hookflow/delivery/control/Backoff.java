package io.hookflow.delivery.control;

import java.time.Duration;
import java.util.Optional;

/**
 * The one backoff of every kind of work: {@code base * 2^(n-1)} before retry n, plus up to {@link #JITTER} of it
 * at random so that work failing together does not come back together, never more than the cap. A receiver's
 * {@code Retry-After} is honoured (the wait is at least what it asked) within the same cap, however large it is.
 */
public record Backoff(Duration base, Duration cap) {

    /** Workflow-webhook deliveries: the contract's cap. */
    public static final Duration CAP = Duration.ofMinutes(30);
    static final double JITTER = 0.2;

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("base must be positive and cap at least base");
        }
    }

    public static Backoff ofSeconds(int baseSeconds) {
        return new Backoff(Duration.ofSeconds(baseSeconds), CAP);
    }

    /**
     * @param retry      the retry about to be scheduled, 1 for the first retry
     * @param retryAfter what the receiver asked for, if anything (any size)
     * @param randomUnit a number in [0, 1) that picks the jitter
     */
    public Duration beforeRetry(int retry, Optional<Duration> retryAfter, double randomUnit) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1");
        }
        long capMillis = cap.toMillis();
        long exponential = retry - 1 >= 40 ? capMillis : Math.min(capMillis, saturatedShift(base.toMillis(), retry - 1));
        long jittered = Math.min(capMillis, exponential + (long) (exponential * JITTER * clamp(randomUnit)));
        long asked = retryAfter.filter(d -> !d.isNegative()).map(d -> d.compareTo(cap) > 0 ? capMillis : d.toMillis()).orElse(0L);
        return Duration.ofMillis(Math.min(capMillis, Math.max(jittered, asked)));
    }

    private static long saturatedShift(long value, int shift) {
        return value > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : value << shift;
    }

    private static double clamp(double unit) {
        return Math.max(0, Math.min(1, unit));
    }
}
