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
import jakarta.persistence.Version;

import io.hookflow.platform.control.Texts;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One run of a flow, retried as a whole ({@code attempt_number}) after the flow's retry delay. Its step runs are
 * the engine's work ({@link StepRun}); the execution itself is never leased. {@code scheduledFor} is the
 * schedule's due time that started it: unique per flow, so a due time never
 * starts two executions, whatever the number of servers.
 */
@Entity
@Table(name = "flow_executions")
public class FlowExecution {

    public static final int MAX_ERROR_LENGTH = 2000;

    @Id
    private UUID id;

    @Column(name = "flow_id", nullable = false, updatable = false)
    private UUID flowId;

    @Column(name = "company_id", nullable = false, updatable = false)
    private UUID companyId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ExecutionStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger_type", nullable = false, updatable = false, length = 16)
    private Trigger trigger;

    @Column(name = "attempt_number")
    private int attemptNumber;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "input", updatable = false)
    private Map<String, Object> input;

    @Column(name = "scheduled_for", updatable = false)
    private Instant scheduledFor;

    @Column(name = "executed_at")
    private Instant executedAt;

    @Column(name = "next_retry_at")
    private Instant nextRetryAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "error_message", length = MAX_ERROR_LENGTH)
    private String errorMessage;

    /** What the current attempt's steps extracted so far: the later steps' templates read it. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "variables")
    private Map<String, Object> variables;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected FlowExecution() {
    }

    /** A new execution, due at once. */
    public FlowExecution(Flow flow, Trigger trigger, Map<String, Object> input, Instant scheduledFor, String user, Instant now) {
        if (!flow.status().acceptsExecutions()) {
            throw new IllegalStateException("flow " + flow.id() + " is " + flow.status().wireName());
        }
        this.id = UUID.randomUUID();
        this.flowId = flow.id();
        this.companyId = flow.companyId();
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.input = input == null ? Map.of() : new LinkedHashMap<>(input);
        this.scheduledFor = scheduledFor;
        this.status = ExecutionStatus.SCHEDULED;
        this.attemptNumber = 1;
        this.createdBy = user;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The flow is gone (or will never run it): an unfinished execution ends here. */
    public void abandon(String reason, Instant now) {
        if (status.isFinal()) {
            return;
        }
        this.status = ExecutionStatus.FAILED;
        this.errorMessage = truncate(reason);
        finish(now);
    }

    /** A try of one of its steps was made: a scheduled attempt is under way from now on. */
    public void begin(Instant at) {
        requireOpen();
        if (status == ExecutionStatus.SCHEDULED) {
            this.status = ExecutionStatus.IN_PROGRESS;
            if (executedAt == null) {
                this.executedAt = at;
            }
            this.nextRetryAt = null;
            this.updatedAt = at;
        }
    }

    /** Waiting for its retry after a failed attempt ({@code scheduled} with {@code next_retry_at}). */
    public boolean isWaitingForRetry() {
        return status == ExecutionStatus.SCHEDULED && nextRetryAt != null;
    }

    public void addVariables(Map<String, Object> extracted, Instant at) {
        requireOpen();
        var all = new LinkedHashMap<>(variables());
        all.putAll(extracted);
        this.variables = all;
        this.updatedAt = at;
    }

    public void succeed(Instant at) {
        requireOpen();
        this.status = ExecutionStatus.SUCCESS;
        this.errorMessage = null;
        finish(at);
    }

    /** Failed with no retry left. */
    public void fail(String message, Instant at) {
        requireOpen();
        this.status = ExecutionStatus.FAILED;
        this.errorMessage = truncate(message);
        finish(at);
    }

    /** The attempt failed: the next one starts at {@code next} with a fresh variable store. */
    public void retryAt(String message, Instant next, Instant at) {
        requireOpen();
        this.status = ExecutionStatus.SCHEDULED;
        this.attemptNumber++;
        this.errorMessage = truncate(message);
        this.nextRetryAt = Objects.requireNonNull(next, "next");
        this.variables = new LinkedHashMap<>();
        this.updatedAt = at;
    }

    private void finish(Instant at) {
        this.finishedAt = at;
        this.nextRetryAt = null;
        this.updatedAt = at;
    }

    private void requireOpen() {
        if (status.isFinal()) {
            throw new IllegalStateException("execution " + id + " is already " + status.wireName());
        }
    }

    static String truncate(String value) {
        return Texts.storable(value, MAX_ERROR_LENGTH);
    }

    public UUID id() {
        return id;
    }

    public UUID flowId() {
        return flowId;
    }

    public UUID companyId() {
        return companyId;
    }

    public ExecutionStatus status() {
        return status;
    }

    public Trigger trigger() {
        return trigger;
    }

    public int attemptNumber() {
        return attemptNumber;
    }

    public Map<String, Object> input() {
        return input == null ? Map.of() : input;
    }

    public Instant scheduledFor() {
        return scheduledFor;
    }

    public Instant executedAt() {
        return executedAt;
    }

    public Instant nextRetryAt() {
        return nextRetryAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public Map<String, Object> variables() {
        return variables == null ? Map.of() : variables;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
