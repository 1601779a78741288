package io.hookflow.flows.control;

import java.time.Instant;

/** A claimed step's try, waiting to be booked; {@code attempt} null when it was never made (its lease is given back). */
public record FinishedStep(ClaimedStep claimed, StepTry attempt, Instant at) {

    public boolean made() {
        return attempt != null;
    }
}
