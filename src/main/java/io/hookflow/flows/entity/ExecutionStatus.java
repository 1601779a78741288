package io.hookflow.flows.entity;

import java.util.Locale;

/** {@code scheduled} waiting to start (first time or for a retry), {@code in_progress}, then final. */
public enum ExecutionStatus implements WireEnum {
    SCHEDULED,
    IN_PROGRESS,
    SUCCESS,
    FAILED;

    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == SUCCESS || this == FAILED;
    }
}
