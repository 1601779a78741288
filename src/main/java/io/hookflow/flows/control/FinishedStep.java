package io.hookflow.flows.control;

import java.time.Instant;

import io.hookflow.delivery.control.DeliveryOutcome;

/**
 * A claimed step's try, judged and waiting to be booked: {@code attempt} null when it was never made (its lease
 * is given back). {@code evaluation} was worked out as the answer came in, off the booking task; {@code outcome}
 * is the exchange as the ledger keeps it (null when nothing was sent).
 */
public record FinishedStep(ClaimedStep claimed, StepTry attempt, ExecutionAdvancer.Evaluation evaluation,
                           DeliveryOutcome outcome, Instant at) {

    public boolean made() {
        return attempt != null;
    }
}
