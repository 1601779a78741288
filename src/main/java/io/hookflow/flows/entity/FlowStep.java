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
 * One HTTP request of a flow. Replacing a flow's steps soft-deletes the old rows ({@code deleted_at}), so an
 * execution that started before the change still finds the steps it runs.
 */
@Entity
@Table(name = "flow_steps")
public class FlowStep {

    @Id
    private UUID id;

    @Column(name = "flow_id", nullable = false, updatable = false)
    private UUID flowId;

    @Column(name = "step_number", updatable = false)
    private int stepNumber;

    @Column(name = "webhook_url", nullable = false, updatable = false, length = 2048)
    private String webhookUrl;

    @Enumerated(EnumType.STRING)
    @Column(name = "webhook_method", nullable = false, updatable = false, length = 8)
    private StepMethod webhookMethod;

    @Column(name = "webhook_timeout", updatable = false)
    private int webhookTimeout;

    @Column(name = "retry_limit", updatable = false)
    private int retryLimit;

    @Column(name = "timeout", updatable = false)
    private int timeout;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "webhook_url_params", updatable = false)
    private Map<String, Object> webhookUrlParams;

    /** Values encrypted one by one ({@link SealedValues}): headers carry API keys and bearer tokens. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "webhook_headers", updatable = false)
    private Map<String, Object> webhookHeaders;

    /** Any JSON value (object, array, string, number, boolean) as JSON text, or null for none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "webhook_body", updatable = false)
    private String webhookBody;

    @Column(name = "depends_on_step", updatable = false)
    private Integer dependsOnStep;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "success_condition", updatable = false)
    private Map<String, Object> successCondition;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    protected FlowStep() {
    }

    /** A step as a user writes it; the defaults are the boundary's business. */
    public record Settings(int stepNumber, String webhookUrl, StepMethod webhookMethod, int webhookTimeout,
                           int retryLimit, int timeout, Map<String, Object> webhookUrlParams,
                           Map<String, Object> webhookHeaders, Object webhookBody, Integer dependsOnStep,
                           Map<String, Object> successCondition) {
        public Settings {
            Objects.requireNonNull(webhookUrl, "webhookUrl");
            Objects.requireNonNull(webhookMethod, "webhookMethod");
            if (webhookTimeout < 1 || timeout < 1 || retryLimit < 0) {
                throw new IllegalArgumentException("timeouts are positive and retry_limit is never negative");
            }
            webhookUrlParams = webhookUrlParams == null ? Map.of() : new LinkedHashMap<>(webhookUrlParams);
            webhookHeaders = webhookHeaders == null ? Map.of() : new LinkedHashMap<>(webhookHeaders);
            successCondition = successCondition == null ? Map.of() : new LinkedHashMap<>(successCondition);
        }
    }

    public FlowStep(UUID flowId, Settings settings, Instant now) {
        this.id = UUID.randomUUID();
        this.flowId = Objects.requireNonNull(flowId, "flowId");
        this.stepNumber = settings.stepNumber();
        this.webhookUrl = settings.webhookUrl();
        this.webhookMethod = settings.webhookMethod();
        this.webhookTimeout = settings.webhookTimeout();
        this.retryLimit = settings.retryLimit();
        this.timeout = settings.timeout();
        this.webhookUrlParams = new LinkedHashMap<>(settings.webhookUrlParams());
        this.webhookHeaders = SealedValues.sealAll(settings.webhookHeaders());
        this.webhookBody = settings.webhookBody() == null ? null : JsonText.write(settings.webhookBody());
        this.dependsOnStep = settings.dependsOnStep();
        this.successCondition = new LinkedHashMap<>(settings.successCondition());
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Settings settings() {
        return new Settings(stepNumber, webhookUrl, webhookMethod, webhookTimeout, retryLimit, timeout,
                webhookUrlParams, webhookHeaders(), webhookBody(), dependsOnStep, successCondition);
    }

    /** The flow's steps were replaced: this one stays for the executions that already use it. */
    public void retire(Instant now) {
        if (deletedAt == null) {
            this.deletedAt = now;
            this.updatedAt = now;
        }
    }

    public UUID id() {
        return id;
    }

    public UUID flowId() {
        return flowId;
    }

    public int stepNumber() {
        return stepNumber;
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    public StepMethod webhookMethod() {
        return webhookMethod;
    }

    public int webhookTimeout() {
        return webhookTimeout;
    }

    public int retryLimit() {
        return retryLimit;
    }

    public int timeout() {
        return timeout;
    }

    public Map<String, Object> webhookUrlParams() {
        return webhookUrlParams == null ? Map.of() : webhookUrlParams;
    }

    public Map<String, Object> webhookHeaders() {
        return SealedValues.openAll(webhookHeaders);
    }

    public Object webhookBody() {
        return JsonText.read(webhookBody).filter(value -> value != JsonText.NULL).orElse(null);
    }

    public Integer dependsOnStep() {
        return dependsOnStep;
    }

    public Map<String, Object> successCondition() {
        return successCondition == null ? Map.of() : successCondition;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant deletedAt() {
        return deletedAt;
    }
}
