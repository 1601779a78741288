package io.hookflow.subscriptions.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The workflow events a subscription can listen to; the wire name is the lower-case constant name. */
public enum WorkflowAction {
    WORKFLOW_CREATED,
    WORKFLOW_UPDATED,
    WORKFLOW_DELETED,
    WORKFLOW_RUN_STARTED,
    WORKFLOW_RUN_COMPLETED;

    /** The wire names as one regular expression, for Bean Validation on query parameters and bodies. */
    public static final String WIRE_NAMES =
            "workflow_created|workflow_updated|workflow_deleted|workflow_run_started|workflow_run_completed";
    public static final String WIRE_NAMES_MESSAGE = "must be one of workflow_created, workflow_updated, "
            + "workflow_deleted, workflow_run_started, workflow_run_completed";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WorkflowAction> fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(value)).findFirst();
    }
}
