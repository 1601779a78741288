package io.hookflow.delivery.control;

import java.time.Instant;

/**
 * A claimed delivery and what its attempt came to, waiting to be booked; or one that was never sent because
 * too little of its lease was left ({@code outcome} null), whose lease is to be given back.
 */
public record CompletedAttempt(ClaimedDelivery claimed, DeliveryOutcome outcome, Instant at) {

    static CompletedAttempt unsent(ClaimedDelivery claimed, Instant at) {
        return new CompletedAttempt(claimed, null, at);
    }

    public boolean sent() {
        return outcome != null;
    }
}
