package io.hookflow.flows.boundary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.flows.entity.StepRun;

/**
 * One step's result in an execution: what was sent, what came back, what was extracted, and why it failed; and
 * every try it took ({@code tries}, oldest first).
 */
public record StepRunView(UUID stepId, int stepNumber, String status, int attempts, String requestMethod,
                          String requestUrl, Integer responseStatus, String responseBody, Long latencyMs,
                          Map<String, Object> variables, String errorMessage, Instant startedAt, Instant finishedAt,
                          List<StepTryView> tries) {

    /** As a viewer sees it ({@link ViewerMask}). */
    StepRunView masked() {
        return new StepRunView(stepId, stepNumber, status, attempts, requestMethod, ViewerMask.url(requestUrl),
                responseStatus, responseBody, latencyMs, ViewerMask.values(variables), errorMessage, startedAt, finishedAt,
                tries == null ? null : tries.stream().map(StepTryView::masked).toList());
    }

    static StepRunView of(StepRun r, List<DeliveryAttempt> tries) {
        return new StepRunView(r.stepId(), r.stepNumber(), r.status().wireName(), r.attempts(), r.requestMethod(),
                r.requestUrl(), r.responseStatus(), r.responseBody(), r.latencyMs(), r.variables(), r.errorMessage(),
                r.startedAt(), r.finishedAt(), tries.stream().map(StepTryView::of).toList());
    }
}
