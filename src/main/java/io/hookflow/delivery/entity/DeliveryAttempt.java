package io.hookflow.delivery.entity;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hookflow.platform.control.ObjectIds;

/** One HTTP attempt of one delivery, written once and never changed. */
@Entity
@Table(name = "delivery_attempts")
public class DeliveryAttempt {

    public static final int MAX_BODY_CHARS = 4096;
    static final int MAX_ERROR_LENGTH = 2000;

    @Id
    @Column(length = 24)
    private String id;

    @Column(name = "event_record_id", nullable = false, updatable = false, length = 24)
    private String eventRecordId;

    @Column(name = "event_id", nullable = false, updatable = false, length = 64)
    private String eventId;

    @Column(name = "subscription_id", nullable = false, updatable = false, length = 24)
    private String subscriptionId;

    @Column(name = "team_id", nullable = false, updatable = false, length = 64)
    private String teamId;

    @Column(name = "attempt_number", updatable = false)
    private int attemptNumber;

    @Column(nullable = false, updatable = false, length = 32)
    private String action;

    @Column(name = "request_url", nullable = false, updatable = false, length = 2048)
    private String requestUrl;

    @Column(updatable = false)
    private boolean success;

    @Column(name = "response_status_code", updatable = false)
    private Integer responseStatusCode;

    @Column(name = "response_body", updatable = false, length = MAX_BODY_CHARS)
    private String responseBody;

    @Column(name = "error_message", updatable = false, length = MAX_ERROR_LENGTH)
    private String errorMessage;

    @Column(name = "latency_ms", updatable = false)
    private long latencyMs;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "updated_by", updatable = false)
    private String updatedBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false, updatable = false)
    private Instant updatedAt;

    protected DeliveryAttempt() {
    }

    /** Which delivery the attempt belongs to, as the attempts API reports it. */
    public record Target(String eventRecordId, String eventId, String subscriptionId, String teamId, String action,
                         String requestUrl, String createdBy) {
        public Target {
            Objects.requireNonNull(eventRecordId, "eventRecordId");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(requestUrl, "requestUrl");
        }
    }

    public DeliveryAttempt(Target target, int attemptNumber, boolean success, Integer responseStatusCode,
                           String responseBody, String errorMessage, long latencyMs, Instant at) {
        if (attemptNumber < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1");
        }
        this.id = ObjectIds.next();
        this.eventRecordId = target.eventRecordId();
        this.eventId = target.eventId();
        this.subscriptionId = target.subscriptionId();
        this.teamId = target.teamId();
        this.action = target.action();
        this.requestUrl = target.requestUrl();
        this.createdBy = target.createdBy();
        this.updatedBy = target.createdBy();
        this.attemptNumber = attemptNumber;
        this.success = success;
        this.responseStatusCode = responseStatusCode;
        this.responseBody = truncate(responseBody, MAX_BODY_CHARS);
        this.errorMessage = truncate(errorMessage, MAX_ERROR_LENGTH);
        this.latencyMs = Math.max(0, latencyMs);
        this.createdAt = at;
        this.updatedAt = at;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    public String id() {
        return id;
    }

    public String eventRecordId() {
        return eventRecordId;
    }

    public String eventId() {
        return eventId;
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public String teamId() {
        return teamId;
    }

    public int attemptNumber() {
        return attemptNumber;
    }

    public String action() {
        return action;
    }

    public String requestUrl() {
        return requestUrl;
    }

    public boolean success() {
        return success;
    }

    public Integer responseStatusCode() {
        return responseStatusCode;
    }

    public String responseBody() {
        return responseBody;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public long latencyMs() {
        return latencyMs;
    }

    public String createdBy() {
        return createdBy;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
