package io.hookflow.delivery.control;

/** How an attempt's outcome was booked on its record. */
public enum Booked {
    DELIVERED,
    RETRY_SCHEDULED,
    FAILED,
    /** The lease had moved on (lapsed and re-claimed, or the record was changed meanwhile): only the attempt row was written. */
    LEASE_LOST,
    /** The record is gone. */
    MISSING,
    /** Never sent: too little of its lease was left when its turn came; the lease was given back. */
    RELEASED,
    /** Booking failed (the database did not answer): the lease lapses and the record is sent again. */
    UNBOOKED
}
