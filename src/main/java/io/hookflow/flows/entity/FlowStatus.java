package io.hookflow.flows.entity;

/**
 * What a flow is doing, as the contract defines each value: {@code scheduled} idle and ready, {@code running}
 * an execution in flight, {@code in-progress} an execution failed and waits for its retry, {@code failed} the
 * last execution exhausted its retries, {@code stopped} paused by a user, {@code deleted} soft-deleted.
 */
public enum FlowStatus implements WireEnum {
    SCHEDULED("scheduled"),
    IN_PROGRESS("in-progress"),
    RUNNING("running"),
    FAILED("failed"),
    STOPPED("stopped"),
    DELETED("deleted");

    private final String wireName;

    FlowStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Whether the flow takes new executions (a run, a trigger, a scheduled time). */
    public boolean acceptsExecutions() {
        return this != STOPPED && this != DELETED;
    }
}
