package io.hookflow.delivery.control;

/** How a finished item was booked, for every kind of work. */
public enum Booked {
    /** It succeeded (an event delivered, a step's response met its condition). */
    DELIVERED,
    RETRY_SCHEDULED,
    FAILED,
    /** The lease had moved on (lapsed and re-claimed, or the row was changed or ended meanwhile): nothing changed but the ledger. */
    LEASE_LOST,
    /** The row is gone. */
    MISSING,
    /** Never sent: too little of its lease was left when its turn came; the lease was given back. */
    RELEASED,
    /** Booking failed (the database did not answer): the lease lapses and the work is done again. */
    UNBOOKED
}
