package io.hookflow.delivery.control;

/**
 * Fired (CDI) inside a transaction that made work due (a publish, a manual retry, an execution started). The
 * engine observes every event of this type after commit and claims at once instead of waiting for its next
 * poll; a lost hand-off costs at most a poll.
 */
public interface WorkDue {
}
