package io.hookflow.flows.control;

import java.util.Objects;

/**
 * What one try of a step came to, as the flow logic reads it: the receiver's answer; no answer (a network
 * error or a timeout, worth another try); or no request at all, because it could not be built or the step's
 * time was up (another try would fare no better).
 */
public record StepTry(Kind kind, String method, String url, StepResponse response, String error, long latencyMs) {

    public enum Kind {
        ANSWERED, NO_ANSWER, NOT_SENT
    }

    public StepTry {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ANSWERED) != (response != null)) {
            throw new IllegalArgumentException("a try has a response exactly when it was answered");
        }
        if (kind != Kind.ANSWERED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("a try without an answer says why");
        }
    }

    public static StepTry answered(String method, String url, StepResponse response, long latencyMs) {
        return new StepTry(Kind.ANSWERED, method, url, response, null, latencyMs);
    }

    public static StepTry noAnswer(String method, String url, String error, long latencyMs) {
        return new StepTry(Kind.NO_ANSWER, method, url, null, error, latencyMs);
    }

    public static StepTry notSent(String method, String url, String error) {
        return new StepTry(Kind.NOT_SENT, method, url, null, error, 0);
    }

    public boolean sent() {
        return kind != Kind.NOT_SENT;
    }
}
