package io.hookflow.flows.boundary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import io.hookflow.flows.control.Executions;
import io.hookflow.flows.entity.FlowExecution;

/**
 * An execution with what started it and its input; read alone, also one result per step of its latest attempt
 * ({@code steps}, left out of lists).
 */
@JsonbPropertyOrder({"id", "flowId", "status", "trigger", "attemptNumber", "input", "executedAt", "createdAt",
        "updatedAt", "nextRetryAt", "finishedAt", "errorMessage", "steps"})
public record ExecutionView(UUID id, UUID flowId, String status, String trigger, int attemptNumber,
                            Map<String, Object> input, Instant executedAt, Instant createdAt, Instant updatedAt,
                            Instant nextRetryAt, Instant finishedAt, String errorMessage,
                            @JsonbNillable(false) List<StepRunView> steps) {

    /** As a viewer sees it ({@link ViewerMask}): input and extracted values masked, sent URLs without their query. */
    ExecutionView masked() {
        return new ExecutionView(id, flowId, status, trigger, attemptNumber, ViewerMask.values(input), executedAt,
                createdAt, updatedAt, nextRetryAt, finishedAt, errorMessage,
                steps == null ? null : steps.stream().map(StepRunView::masked).toList());
    }

    static ExecutionView of(FlowExecution e, List<StepRunView> steps) {
        return new ExecutionView(e.id(), e.flowId(), e.status().wireName(), e.trigger().wireName(), e.attemptNumber(),
                e.input(), e.executedAt(), e.createdAt(), e.updatedAt(), e.nextRetryAt(), e.finishedAt(),
                e.errorMessage(), steps);
    }

    static ExecutionView of(Executions.Details details) {
        return of(details.execution(), details.steps().stream()
                .map(run -> StepRunView.of(run, details.tries().getOrDefault(run.id(), List.of()))).toList());
    }
}
