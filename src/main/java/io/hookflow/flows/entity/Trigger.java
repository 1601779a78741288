package io.hookflow.flows.entity;

import java.util.Locale;

/** What started an execution. */
public enum Trigger implements WireEnum {
    MANUAL,
    SCHEDULE,
    INBOUND;

    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
