package io.hookflow.delivery.control;

import java.time.Instant;

/**
 * Claimed work and what its attempt came to, waiting to be booked; or work that was never sent ({@code outcome}
 * null): too little of its lease was left, or the claim found nothing to send. Its source decides what that means.
 */
public record CompletedAttempt(ClaimedWork claimed, DeliveryOutcome outcome, Instant at) {

    static CompletedAttempt unsent(ClaimedWork claimed, Instant at) {
        return new CompletedAttempt(claimed, null, at);
    }

    /** The claimed event delivery (for the source that claims those). */
    ClaimedDelivery delivery() {
        return (ClaimedDelivery) claimed;
    }

    public boolean sent() {
        return outcome != null;
    }
}
