package io.hookflow.flows.entity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hookflow.delivery.entity.Lease;
import io.hookflow.platform.control.Texts;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One step in one attempt of an execution: what was sent, what came back, the variables taken from it.
 * It is also the engine's unit of work: {@code dueAt} says when its next HTTP try is due (null while it waits
 * for the step it depends on, and once final), the lease says which node is trying it. A node that dies
 * mid-try leaves the step due again when the lease lapses.
 */
@Entity
@Table(name = "flow_step_runs")
public class StepRun {

    public static final int MAX_BODY_CHARS = 4096;

    @Id
    private UUID id;

    @Column(name = "execution_id", nullable = false, updatable = false)
    private UUID executionId;

    /** The execution's flow, here too so that claims gate runs by flow without joining their executions. */
    @Column(name = "flow_id", nullable = false, updatable = false)
    private UUID flowId;

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

    @Column(name = "due_at")
    private Instant dueAt;

    @Embedded
    private Lease lease = new Lease();

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

    /** A step of the execution's current attempt, due at {@code dueAt} or, when null, waiting for its dependency. */
    public StepRun(FlowExecution execution, FlowStep step, Instant dueAt, Instant now) {
        this(execution, step, now);
        this.dueAt = dueAt;
    }

    public StepRun(FlowExecution execution, FlowStep step, Instant now) {
        this.id = UUID.randomUUID();
        this.executionId = execution.id();
        this.flowId = execution.flowId();
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
        settle(now);
    }

    /** The step it depends on succeeded: this one may start. */
    public void makeDue(Instant at) {
        if (status == StepRunStatus.PENDING && dueAt == null) {
            this.dueAt = at;
            this.updatedAt = at;
        }
    }

    /** Leased to {@code owner} for a try; the step's time budget starts with its first try. */
    public void claim(String owner, Instant until, Instant now) {
        if (status.isFinal()) {
            throw new IllegalStateException("step run " + id + " is " + status.wireName());
        }
        lease().claim(owner, until);
        this.status = StepRunStatus.RUNNING;
        if (startedAt == null) {
            this.startedAt = now;
        }
        this.updatedAt = now;
    }

    /** Whether this node still holds the lease it claimed (it lapsed and was claimed again otherwise). */
    public boolean leasedTo(String owner, Instant until) {
        return lease().heldBy(owner, until);
    }

    public void releaseLease() {
        lease().release();
    }

    /** Who holds the step run for a try (Hibernate leaves the field null when both columns are). */
    public Lease lease() {
        if (lease == null) {
            lease = new Lease();
        }
        return lease;
    }

    /** One HTTP try of this step: what was asked and what came back (or why nothing did). */
    public void recordTry(String method, String url, Integer responseStatus, String responseBody, Long latencyMs,
                          String error, Instant at) {
        this.attempts++;
        this.requestMethod = method;
        this.requestUrl = Texts.storable(url, 4096);
        this.responseStatus = responseStatus;
        this.responseBody = Texts.storable(responseBody, MAX_BODY_CHARS);
        this.latencyMs = latencyMs;
        this.errorMessage = FlowExecution.truncate(error);
        this.updatedAt = at;
    }

    /** The try failed and the step tries again at {@code due}. */
    public void retryAt(Instant due, Instant now) {
        requireOpen();
        releaseLease();
        this.dueAt = Objects.requireNonNull(due, "due");
        this.updatedAt = now;
    }

    public void succeed(Map<String, Object> extracted, Instant now) {
        requireOpen();
        this.status = StepRunStatus.SUCCESS;
        this.variables = new LinkedHashMap<>(extracted);
        this.errorMessage = null;
        this.finishedAt = now;
        settle(now);
    }

    public void fail(String reason, Instant now) {
        requireOpen();
        this.status = StepRunStatus.FAILED;
        this.errorMessage = FlowExecution.truncate(reason);
        this.finishedAt = now;
        settle(now);
    }

    private void requireOpen() {
        if (status.isFinal()) {
            throw new IllegalStateException("step run " + id + " is already " + status.wireName());
        }
    }

    private void settle(Instant now) {
        this.dueAt = null;
        releaseLease();
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

    public Instant dueAt() {
        return dueAt;
    }

    public String leaseOwner() {
        return lease().owner();
    }

    public Instant leaseUntil() {
        return lease().until();
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
