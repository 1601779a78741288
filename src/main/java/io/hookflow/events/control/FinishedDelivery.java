package io.hookflow.events.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.hookflow.delivery.control.DeliveryOutcome;

/**
 * A claimed delivery and what its attempt means, ready to book: {@code outcome} null when it was never sent (its
 * lease is given back). {@code verdict} and {@code askedToWait} were worked out as the answer came in, off the
 * booking task; {@code error} overrides the outcome's when the delivery failed for a reason of its own.
 */
record FinishedDelivery(ClaimedDelivery claimed, DeliveryOutcome outcome, Verdict verdict, Optional<Duration> askedToWait,
                        String error, Instant at) {

    boolean sent() {
        return outcome != null;
    }
}
