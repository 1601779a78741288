package io.hookflow.events.boundary;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.hookflow.platform.control.Invalid;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.ObjectIds;
import io.hookflow.subscriptions.entity.WorkflowAction;

/**
 * The body of {@code POST /workflow-webhooks/events}. The run fields stay optional because only the
 * {@code workflow_run_*} actions have a run; {@code event_id}, when a publisher brings its own, must be usable
 * in a URL path (the attempts endpoint takes it there).
 */
public record PublishRequest(
        @NotNull @Pattern(regexp = WorkflowAction.WIRE_NAMES, message = WorkflowAction.WIRE_NAMES_MESSAGE) String action,
        @NotNull @Pattern(regexp = ObjectIds.PATTERN, message = ObjectIds.PATTERN_MESSAGE) String workflowId,
        @NotNull @Size(min = 1, max = 255) String workflowName,
        @Size(max = 255) String workflowRunId,
        @Size(max = 64) String workflowRunStatus,
        Object payload,
        @Size(min = 1, max = 255) String dedupeKey,
        @Pattern(regexp = EVENT_ID, message = EVENT_ID_MESSAGE) String eventId) {

    static final String EVENT_ID = "^[A-Za-z0-9._:-]{1,64}$";
    static final String EVENT_ID_MESSAGE = "must be 1 to 64 letters, digits or . _ : -";

    /**
     * The publication to fan out. {@code payload} is declared loosely because JSON-B would put any JSON value
     * into a {@code Map} component unchecked; only an object (or nothing) is a payload.
     */
    EventRecord.Publication publication() {
        if (payload != null && !(payload instanceof Map)) {
            throw new Invalid(FieldError.body("payload", "must be a JSON object", "dict_type"));
        }
        @SuppressWarnings("unchecked")
        var object = (Map<String, Object>) payload;
        return new EventRecord.Publication(eventId == null ? ObjectIds.next() : eventId,
                WorkflowAction.fromWire(action).orElseThrow(), workflowId, workflowName, workflowRunId,
                workflowRunStatus, object, dedupeKey);
    }
}
