package io.hookflow.flows.boundary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import io.hookflow.flows.control.FlowDetails;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.PredefinedVariable;
import io.hookflow.flows.entity.Schedule;

/**
 * A flow exactly as the seed's list shows it, plus {@code schedule} and {@code next_run_at}; {@code inbound_token}
 * appears only in the answer that creates the flow.
 */
@JsonbPropertyOrder({"id", "createdBy", "companyId", "workspaceId", "name", "logo", "retryDelay", "retryDelayUnit",
        "maxRetries", "status", "createdAt", "updatedAt", "executions", "steps", "isTemplate", "flowDirection",
        "flowMapping", "tagName", "categoryName", "deletedAt", "predefinedVariables", "variables", "schedule",
        "nextRunAt", "rateLimitPerSecond", "disabledReason", "inboundToken"})
public record FlowView(UUID id, String createdBy, UUID companyId, String workspaceId, String name, String logo,
                       int retryDelay, String retryDelayUnit, int maxRetries, String status, Instant createdAt,
                       Instant updatedAt, List<ExecutionSummary> executions, List<StepView> steps, boolean isTemplate,
                       String flowDirection, Map<String, Object> flowMapping, String tagName, String categoryName,
                       Instant deletedAt,
                       @JsonbProperty("predefinedVariables") List<PredefinedVariable> predefinedVariables,
                       List<FlowVariable> variables, Schedule schedule, Instant nextRunAt,
                       Integer rateLimitPerSecond, String disabledReason,
                       @JsonbNillable(false) String inboundToken) {

    static FlowView of(FlowDetails details) {
        return of(details, null);
    }

    /** As a viewer sees it ({@link ViewerMask}). */
    FlowView masked() {
        return new FlowView(id, createdBy, companyId, workspaceId, name, logo, retryDelay, retryDelayUnit, maxRetries,
                status, createdAt, updatedAt, executions, steps.stream().map(StepView::masked).toList(), isTemplate,
                flowDirection, flowMapping, tagName, categoryName, deletedAt, ViewerMask.constants(predefinedVariables),
                ViewerMask.variables(variables), schedule, nextRunAt, rateLimitPerSecond, disabledReason, null);
    }

    static FlowView of(FlowDetails details, String inboundToken) {
        Flow f = details.flow();
        return new FlowView(f.id(), f.createdBy(), f.companyId(), f.workspaceId(), f.name(), f.logo(), f.retryDelay(),
                f.retryDelayUnit().wireName(), f.maxRetries(), f.status().wireName(), f.createdAt(), f.updatedAt(),
                details.executions().stream().map(ExecutionSummary::of).toList(),
                details.steps().stream().map(StepView::of).toList(), f.isTemplate(), f.direction().wireName(),
                f.flowMapping(), f.tagName(), f.categoryName(), f.deletedAt(), f.predefinedVariables(), f.variables(),
                f.schedule().orElse(null), f.nextRunAt(), f.rateLimitPerSecond().orElse(null),
                f.disabledReason().orElse(null), inboundToken);
    }
}
