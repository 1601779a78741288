package io.hookflow.events.control;

/**
 * The outcome of a publish: the event's id and how many deliveries it has, i.e. the records of the matching
 * subscriptions, whether created now or by an earlier publish with the same dedupe key. A repeat therefore
 * answers exactly like the first publish did.
 */
public record Published(String eventId, int deliveries) {
}
