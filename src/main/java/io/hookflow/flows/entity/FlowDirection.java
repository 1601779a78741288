package io.hookflow.flows.entity;

import java.util.Locale;

/** {@code inbound} flows are also started by a POST to their trigger URL; {@code outbound} ones only by a run or schedule. */
public enum FlowDirection implements WireEnum {
    INBOUND,
    OUTBOUND;

    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
