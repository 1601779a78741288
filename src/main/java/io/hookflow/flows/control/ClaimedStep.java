package io.hookflow.flows.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A step run this node holds under a lease for one try: the request to send, with its timeout (the smaller of
 * the step's {@code webhook_timeout} and what is left of its {@code timeout}); or, when no request can be
 * sent, the try that says why ({@code notSent}), to be booked as it is.
 *
 * @param leaseUntil the lease as claimed: the try is booked only while the step run still carries it
 */
public record ClaimedStep(UUID stepRunId, UUID executionId, UUID flowId, int stepNumber, Instant leaseUntil,
                          PreparedRequest request, Duration timeout, StepTry notSent) {

    public ClaimedStep {
        Objects.requireNonNull(stepRunId, "stepRunId");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if ((request == null) == (notSent == null)) {
            throw new IllegalArgumentException("a claimed step has either a request to send or the reason it has none");
        }
        if (request != null && (timeout == null || timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a request to send needs a positive timeout");
        }
    }

    public boolean sendable() {
        return request != null;
    }
}
