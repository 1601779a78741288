package io.hookflow.events.control;

import java.time.Instant;

import io.hookflow.delivery.control.Backoff;
import io.hookflow.delivery.control.ClaimedWork;
import io.hookflow.delivery.control.DeliveryRequest;
import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.events.entity.EventRecord;

/**
 * An event record this node holds under a lease, with everything needed to send it and to book the outcome
 * without reading its subscription again, nor (unless it changed meanwhile) the record.
 *
 * @param leaseUntil the lease as claimed: the outcome is booked only while the record still carries it
 * @param leased     the record as the claim left the row ({@link EventRecord#bookingCopy()}): never changed itself, see
 *                   {@link #recordAsLeased()}
 */
public record ClaimedDelivery(String recordId, String subscriptionId, DeliveryAttempt.WebhookReference reference,
                              int attemptNumber, Instant leaseUntil, DeliveryRequest request, int maxRetries,
                              Backoff backoff, EventRecord leased) implements ClaimedWork {

    /** A copy of the record as leased, to book on: a booking made again (the batch failed) starts from the same state. */
    EventRecord recordAsLeased() {
        return leased.bookingCopy();
    }

    /** A subscription's deliveries share a lane. */
    @Override
    public String lane() {
        return subscriptionId;
    }

    /** A team's deliveries share the engine's capacity with the other teams. */
    @Override
    public String tenant() {
        return tenant(reference.teamId());
    }

    static String tenant(String teamId) {
        return "team:" + teamId;
    }

    @Override
    public String describe() {
        return "event record " + recordId;
    }
}
