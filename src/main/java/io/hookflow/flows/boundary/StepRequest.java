package io.hookflow.flows.boundary;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.StepMethod;

/** One step of a flow as a client writes it. */
public record StepRequest(
        @NotNull @Min(1) @Max(10_000) Integer stepNumber,
        @NotNull @Size(min = 1, max = 2048) String webhookUrl,
        @Pattern(regexp = "(?i)GET|POST|PUT|DELETE|PATCH|OPTIONS|HEAD",
                message = "must be one of GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD") String webhookMethod,
        @Min(1) @Max(300) Integer webhookTimeout,
        @Min(0) @Max(10) Integer retryLimit,
        @Min(1) @Max(3600) Integer timeout,
        @Size(max = MAX_ENTRIES) Map<String, Object> webhookUrlParams,
        @Size(max = MAX_ENTRIES) Map<String, Object> webhookHeaders,
        Object webhookBody,
        Integer dependsOnStep,
        Map<String, Object> successCondition) {

    /** Query parameters and headers per step, each. */
    public static final int MAX_ENTRIES = 100;
    static final int DEFAULT_WEBHOOK_TIMEOUT = 30;
    static final int MAX_STEP_TIMEOUT = 3600;

    /** Defaults: GET, 30 s per request, no retries, and a step budget that fits every request it may make. */
    FlowStep.Settings toSettings() {
        int requestTimeout = Optional.ofNullable(webhookTimeout).orElse(DEFAULT_WEBHOOK_TIMEOUT);
        int retries = Optional.ofNullable(retryLimit).orElse(0);
        int budget = Optional.ofNullable(timeout).orElse(Math.min(MAX_STEP_TIMEOUT, requestTimeout * (retries + 1)));
        StepMethod method = webhookMethod == null ? StepMethod.GET : StepMethod.valueOf(webhookMethod.toUpperCase(Locale.ROOT));
        return new FlowStep.Settings(stepNumber, webhookUrl.trim(), method, requestTimeout, retries, budget,
                webhookUrlParams, webhookHeaders, webhookBody, dependsOnStep, successCondition);
    }
}
