package io.hookflow.events.control;

import java.util.Optional;

import io.hookflow.events.entity.EventStatus;
import io.hookflow.platform.control.TimeWindow;
import io.hookflow.subscriptions.entity.WorkflowAction;

/** What an event list asks for; the team always comes from the caller's token. */
public record EventFilter(String teamId, Optional<String> subscriptionId, Optional<String> workflowId,
                          Optional<WorkflowAction> action, Optional<EventStatus> status, Optional<String> search,
                          TimeWindow window, int page, int size) {
}
