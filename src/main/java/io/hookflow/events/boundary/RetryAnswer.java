package io.hookflow.events.boundary;

/** The answer to a manual retry: what happened, and the event the record belongs to. */
public record RetryAnswer(String message, String eventId) {
}
