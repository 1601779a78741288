package io.hookflow.delivery.control;

import java.time.Instant;

/** A claimed delivery and what its attempt came to, waiting to be booked. */
public record CompletedAttempt(ClaimedDelivery claimed, DeliveryOutcome outcome, Instant at) {
}
