package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one rule for how long a claim holds its row: the configured lease, stretched so that it always outlasts the
 * request's timeout by {@link #CLAIM_MARGIN}. A row is sent only while its lease outlasts the timeout by
 * {@link #SEND_MARGIN}; the gap between the two margins is how long claimed work may wait in its lane. Since a
 * fresh claim always leaves room to send, no setting can make the engine give work back the moment it took it
 * and claim it again (a lease shorter than a timeout once made it spin at full CPU, delivering nothing).
 */
public record LeaseTerms(Duration configured) {

    static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);
    static final Duration SEND_MARGIN = Duration.ofSeconds(5);

    public LeaseTerms {
        Objects.requireNonNull(configured, "configured");
        if (configured.isNegative() || configured.isZero()) {
            throw new IllegalArgumentException("the lease must be positive");
        }
    }

    /** The lease of work claimed at {@code now} whose request may take up to {@code timeout} (null: nothing to send). */
    public Instant until(Instant now, Duration timeout) {
        if (timeout == null) {
            return now.plus(configured);
        }
        Duration needed = timeout.plus(CLAIM_MARGIN);
        return now.plus(needed.compareTo(configured) > 0 ? needed : configured);
    }

    /** Whether a request sent at {@code now} ends, timeout and margin included, before the lease does. */
    public boolean leavesRoomToSend(Instant now, Duration timeout, Instant leaseUntil) {
        return !now.plus(timeout).plus(SEND_MARGIN).isAfter(leaseUntil);
    }
}
