package io.hookflow.events.boundary;

/** The answer to a bulk replay: what happened, and how many records were made due. */
public record ReplayAnswer(String message, long replayed) {
}
