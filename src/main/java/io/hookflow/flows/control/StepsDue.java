package io.hookflow.flows.control;

import java.util.UUID;

import io.hookflow.delivery.control.WorkDue;

/**
 * Fired (CDI) inside the transaction that made steps of an execution due (it started). The engine observes it
 * after commit and claims at once instead of waiting for its next poll; a lost hand-off costs at most a poll.
 */
public record StepsDue(UUID executionId) implements WorkDue {
}
