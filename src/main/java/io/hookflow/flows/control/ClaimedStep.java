package io.hookflow.flows.control;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.hookflow.delivery.control.ClaimedWork;
import io.hookflow.delivery.control.DeliveryRequest;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowVariable;

/**
 * A step run this node holds under a lease for one try: the request to send (its timeout the smaller of the step's
 * {@code webhook_timeout} and what is left of its {@code timeout}), with the step and the flow's variables the answer
 * is judged by; or, when no request can be sent, the try that says why ({@code notSent}), booked as it is.
 *
 * @param tryNumber  which try of the step this is (1 + the tries made before)
 * @param leaseUntil the lease as claimed: the try is booked only while the step run still carries it
 */
public record ClaimedStep(UUID stepRunId, UUID executionId, UUID flowId, UUID companyId, int stepNumber, int tryNumber,
                          Instant leaseUntil, FlowStep step, List<FlowVariable> variables, DeliveryRequest request,
                          StepTry notSent) implements ClaimedWork {

    public ClaimedStep {
        Objects.requireNonNull(stepRunId, "stepRunId");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if ((request == null) == (notSent == null)) {
            throw new IllegalArgumentException("a claimed step has either a request to send or the reason it has none");
        }
        variables = variables == null ? List.of() : List.copyOf(variables);
    }

    public boolean sendable() {
        return request != null;
    }

    /** A flow's step tries share a lane (ids never collide with a subscription's 24 hex characters). */
    @Override
    public String lane() {
        return lane(flowId);
    }

    static String lane(UUID flowId) {
        return "flow:" + flowId;
    }

    /** A company's flows share the engine's capacity with the other companies. */
    @Override
    public String tenant() {
        return tenant(companyId);
    }

    static String tenant(UUID companyId) {
        return "company:" + companyId;
    }

    @Override
    public String describe() {
        return "step " + stepNumber + " (run " + stepRunId + ") of flow execution " + executionId;
    }
}
