package io.hookflow.delivery.control;

import java.time.Instant;

/**
 * Something the engine holds under a lease and sends: an event record's delivery, a flow step's try. The
 * engine needs only where it queues (its lane, its tenant), what to send and its lease; the {@link WorkSource}
 * that claimed it interprets and books what came of it.
 */
public interface ClaimedWork {

    /** The lane it waits and is sent in (one per subscription, one per flow): a lane's sends are bounded together. */
    String lane();

    /** Whose work it is (a team, a company): the engine shares its capacity fairly between tenants. */
    String tenant();

    /** What to send; null when the claim already knows there is nothing to send (the source books it as it is). */
    DeliveryRequest request();

    /** The lease as claimed: the outcome is booked only while the work still carries it. */
    Instant leaseUntil();

    /** For log lines: which row this is. */
    String describe();
}
