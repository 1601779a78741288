package io.hookflow.flows.boundary;

import java.time.Instant;

import io.hookflow.delivery.entity.DeliveryAttempt;

/** One HTTP exchange of a step, from the attempt ledger. */
public record StepTryView(int tryNumber, String requestMethod, String requestUrl, Integer responseStatus,
                          String responseBody, long latencyMs, String errorMessage, Instant startedAt) {

    /** As a viewer sees it ({@link ViewerMask}): the URL without its query, where credentials get templated in. */
    StepTryView masked() {
        return new StepTryView(tryNumber, requestMethod, ViewerMask.url(requestUrl), responseStatus, responseBody, latencyMs,
                errorMessage, startedAt);
    }

    static StepTryView of(DeliveryAttempt a) {
        return new StepTryView(a.attemptNumber(), a.requestMethod(), a.requestUrl(), a.responseStatusCode(), a.responseBody(),
                a.latencyMs(), a.errorMessage(), a.startedAt());
    }
}
