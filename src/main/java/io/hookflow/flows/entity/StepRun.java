package io.hookflow.flows.entity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One step in one attempt of an execution: what was sent, what came back, the variables taken from it.
 * Dependent steps read their inputs from here, so an execution resumed on another node has what it needs.
 */
@Entity
@Table(name = "flow_step_runs")
public class StepRun {

    public static final int MAX_BODY_CHARS = 4096;

    @Id
    private UUID id;

    @Column(name = "execution_id", nullable = false, updatable = false)
    private UUID executionId;

    @Column(name = "attempt_number", updatable = false)
    private int attemptNumber;

    @Column(name = "step_id", nullable = false, updatable = false)
    private UUID stepId;

    @Column(name = "step_number", updatable = false)
    private int stepNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private StepRunStatus status;

    /** HTTP requests made for this step (1 + the retries used). */
    private int attempts;

    @Column(name = "request_method", length = 8)
    private String requestMethod;

    @Column(name = "request_url", length = 4096)
    private String requestUrl;

    @Column(name = "response_status")
    private Integer responseStatus;

    @Column(name = "response_body", length = MAX_BODY_CHARS)
    private String responseBody;

    @Column(name = "latency_ms")
    private Long latencyMs;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "variables")
    private Map<String, Object> variables;

    @Column(name = "error_message", length = FlowExecution.MAX_ERROR_LENGTH)
    private String errorMessage;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StepRun() {
    }

    public StepRun(FlowExecution execution, FlowStep step, Instant now) {
        this.id = UUID.randomUUID();
        this.executionId = execution.id();
        this.attemptNumber = execution.attemptNumber();
        this.stepId = Objects.requireNonNull(step.id(), "step");
        this.stepNumber = step.stepNumber();
        this.status = StepRunStatus.PENDING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The execution ended before this step could run (a dependency failed, or the flow was deleted). */
    public void skip(String reason, Instant now) {
        if (status.isFinal()) {
            return;
        }
        this.status = StepRunStatus.SKIPPED;
        this.errorMessage = FlowExecution.truncate(reason);
        this.finishedAt = now;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID executionId() {
        return executionId;
    }

    public int attemptNumber() {
        return attemptNumber;
    }

    public UUID stepId() {
        return stepId;
    }

    public int stepNumber() {
        return stepNumber;
    }

    public StepRunStatus status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public String requestMethod() {
        return requestMethod;
    }

    public String requestUrl() {
        return requestUrl;
    }

    public Integer responseStatus() {
        return responseStatus;
    }

    public String responseBody() {
        return responseBody;
    }

    public Long latencyMs() {
        return latencyMs;
    }

    public Map<String, Object> variables() {
        return variables == null ? Map.of() : new LinkedHashMap<>(variables);
    }

    public String errorMessage() {
        return errorMessage;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
