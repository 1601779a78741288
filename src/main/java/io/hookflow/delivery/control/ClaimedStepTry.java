package io.hookflow.delivery.control;

import java.time.Instant;
import java.util.UUID;

import io.hookflow.flows.control.ClaimedStep;

/**
 * A flow step run this node holds for one try, with its request as the engine sends it; {@code request} null
 * when the claim found nothing to send (a variable without a value, the step's time used up), which is booked
 * at once as such.
 */
public record ClaimedStepTry(ClaimedStep step, DeliveryRequest request) implements ClaimedWork {

    /** A flow's step tries share a lane (ids never collide with a subscription's 24 hex characters). */
    static String lane(UUID flowId) {
        return "flow:" + flowId;
    }

    @Override
    public String lane() {
        return lane(step.flowId());
    }

    @Override
    public Instant leaseUntil() {
        return step.leaseUntil();
    }

    @Override
    public String describe() {
        return "step " + step.stepNumber() + " (run " + step.stepRunId() + ") of flow execution " + step.executionId();
    }
}
