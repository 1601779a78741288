package io.hookflow.events.boundary;

import java.util.Optional;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.QueryParam;

import io.hookflow.events.control.EventFilter;
import io.hookflow.events.entity.EventStatus;
import io.hookflow.platform.control.ObjectIds;
import io.hookflow.platform.control.TimeWindow;
import io.hookflow.subscriptions.entity.WorkflowAction;

/**
 * The event list's filter as the query parameters declare it, once: the list and a bulk replay take the same
 * ones ({@code @BeanParam}), so a filter replays exactly what the list showed. A class, not a record: the
 * servers inject bean parameters into fields.
 */
public class EventQuery {

    @QueryParam("subscription_id")
    @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE)
    String subscriptionId;

    @QueryParam("workflow_id")
    @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE)
    String workflowId;

    @QueryParam("action")
    @Pattern(regexp = WorkflowAction.WIRE_NAMES, message = WorkflowAction.WIRE_NAMES_MESSAGE)
    String action;

    @QueryParam("status")
    @Pattern(regexp = EventStatus.WIRE_NAMES, message = EventStatus.WIRE_NAMES_MESSAGE)
    String status;

    @QueryParam("search")
    String search;

    @QueryParam("start")
    String start;

    @QueryParam("end")
    String end;

    EventFilter filter(String teamId, int page, int size) {
        return new EventFilter(teamId, Optional.ofNullable(subscriptionId), Optional.ofNullable(workflowId),
                Optional.ofNullable(action).flatMap(WorkflowAction::fromWire),
                Optional.ofNullable(status).flatMap(EventStatus::fromWire), words(search),
                TimeWindow.fromQuery(start, end), page, size);
    }

    static Optional<String> words(String search) {
        return Optional.ofNullable(search).map(String::strip).filter(s -> !s.isEmpty());
    }
}
