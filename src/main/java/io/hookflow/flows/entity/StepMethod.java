package io.hookflow.flows.entity;

/** The HTTP methods a step may use (the seed's list). */
public enum StepMethod implements WireEnum {
    GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD;

    @Override
    public String wireName() {
        return name();
    }

    /** Whether {@code webhook_body} is sent: GET, HEAD and OPTIONS carry none. */
    public boolean carriesBody() {
        return this == POST || this == PUT || this == PATCH || this == DELETE;
    }
}
