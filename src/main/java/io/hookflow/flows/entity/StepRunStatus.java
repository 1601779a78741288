package io.hookflow.flows.entity;

import java.util.Locale;

/** One step in one attempt of an execution: {@code skipped} when a step it depends on failed. */
public enum StepRunStatus implements WireEnum {
    PENDING,
    RUNNING,
    SUCCESS,
    FAILED,
    SKIPPED;

    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == SUCCESS || this == FAILED || this == SKIPPED;
    }
}
