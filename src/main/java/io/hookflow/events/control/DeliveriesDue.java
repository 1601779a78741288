package io.hookflow.events.control;

import java.util.List;

import io.hookflow.delivery.control.WorkDue;

/**
 * Fired (CDI) inside the transaction that made event records due: by publishing, a manual retry, or
 * re-enabling a subscription. The engine observes it after commit and starts on those records at once
 * instead of waiting for its next poll; if the hand-off is lost, the poll still finds them.
 */
public record DeliveriesDue(List<String> eventRecordIds) implements WorkDue {
    public DeliveriesDue {
        eventRecordIds = List.copyOf(eventRecordIds);
    }
}
