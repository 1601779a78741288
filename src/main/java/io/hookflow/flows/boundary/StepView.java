package io.hookflow.flows.boundary;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

import io.hookflow.flows.entity.FlowStep;

/** A step as the seed shows it. */
@JsonbPropertyOrder({"id", "stepNumber", "webhookUrl", "webhookMethod", "webhookTimeout", "retryLimit", "timeout",
        "createdAt", "updatedAt", "webhookUrlParams", "webhookHeaders", "webhookBody", "dependsOnStep",
        "successCondition", "deletedAt"})
public record StepView(UUID id, int stepNumber, String webhookUrl, String webhookMethod, int webhookTimeout,
                       int retryLimit, int timeout, Instant createdAt, Instant updatedAt,
                       Map<String, Object> webhookUrlParams, Map<String, Object> webhookHeaders, Object webhookBody,
                       Integer dependsOnStep, Map<String, Object> successCondition, Instant deletedAt) {

    /** As a viewer sees it ({@link ViewerMask}). */
    StepView masked() {
        return new StepView(id, stepNumber, webhookUrl, webhookMethod, webhookTimeout, retryLimit, timeout, createdAt,
                updatedAt, ViewerMask.values(webhookUrlParams), ViewerMask.values(webhookHeaders), webhookBody,
                dependsOnStep, successCondition, deletedAt);
    }

    static StepView of(FlowStep s) {
        return new StepView(s.id(), s.stepNumber(), s.webhookUrl(), s.webhookMethod().wireName(), s.webhookTimeout(),
                s.retryLimit(), s.timeout(), s.createdAt(), s.updatedAt(), s.webhookUrlParams(), s.webhookHeaders(),
                s.webhookBody(), s.dependsOnStep(), s.successCondition(), s.deletedAt());
    }
}
