package io.hookflow.flows.boundary;

import java.time.Instant;
import java.util.UUID;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

import io.hookflow.flows.entity.FlowExecution;

/** An execution as the seed's flow list shows it, field for field. */
@JsonbPropertyOrder({"id", "status", "attemptNumber", "executedAt", "createdAt", "updatedAt", "nextRetryAt",
        "finishedAt", "errorMessage"})
public record ExecutionSummary(UUID id, String status, int attemptNumber, Instant executedAt, Instant createdAt,
                               Instant updatedAt, Instant nextRetryAt, Instant finishedAt, String errorMessage) {

    static ExecutionSummary of(FlowExecution e) {
        return new ExecutionSummary(e.id(), e.status().wireName(), e.attemptNumber(), e.executedAt(), e.createdAt(),
                e.updatedAt(), e.nextRetryAt(), e.finishedAt(), e.errorMessage());
    }
}
