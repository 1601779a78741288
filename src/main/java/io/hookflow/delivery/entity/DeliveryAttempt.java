package io.hookflow.delivery.entity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.json.JsonString;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hookflow.platform.control.JsonTexts;
import io.hookflow.platform.control.ObjectIds;
import io.hookflow.platform.control.Texts;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The attempt ledger: one row per HTTP exchange the engine made, whatever the kind of work, written once and
 * never changed. {@code kind} and {@code workId} say whose exchange it was (the leased row); the request is kept
 * with its headers minus secrets, the response as a bounded excerpt. The workflow-webhooks surface reads its
 * attempts by its own references ({@code event_id}, {@code subscription_id}, ...), set only for that kind.
 */
@Entity
@Table(name = "delivery_attempts")
public class DeliveryAttempt {

    public static final int MAX_BODY_CHARS = 4096;
    public static final int MAX_URL_CHARS = 4096;
    static final int MAX_ERROR_LENGTH = 2000;

    @Id
    @Column(length = 24)
    private String id;

    @Column(nullable = false, updatable = false, length = 16)
    private String kind;

    @Column(name = "work_id", updatable = false, length = 64)
    private String workId;

    @Column(name = "event_record_id", updatable = false, length = 24)
    private String eventRecordId;

    @Column(name = "event_id", updatable = false, length = 64)
    private String eventId;

    @Column(name = "subscription_id", updatable = false, length = 24)
    private String subscriptionId;

    @Column(name = "team_id", updatable = false, length = 64)
    private String teamId;

    @Column(name = "attempt_number", updatable = false)
    private int attemptNumber;

    @Column(updatable = false, length = 32)
    private String action;

    @Column(name = "request_method", updatable = false, length = 8)
    private String requestMethod;

    @Column(name = "request_url", nullable = false, updatable = false, length = MAX_URL_CHARS)
    private String requestUrl;

    /**
     * JSON text ({@code {"name": ["value", ...]}}), written here with JSON-P: as a map, Hibernate wrote it with
     * Jackson at every flush, 2 % of a backlog drain's samples (docs/benchmarks.md, eleventh round).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "request_headers", updatable = false)
    private String requestHeaders;

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

    @Column(name = "started_at", updatable = false)
    private Instant startedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false, updatable = false)
    private Instant updatedAt;

    protected DeliveryAttempt() {
    }

    /**
     * One HTTP exchange as sent and answered: {@code headers} already without secret values, {@code at} when it
     * ended (answer, failure or refusal).
     */
    public record Exchange(String method, String url, Map<String, List<String>> headers, Integer status,
                           String responseBody, String error, long latencyMs, Instant at) {
        public Exchange {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(at, "at");
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public Instant startedAt() {
            return at.minusMillis(Math.max(0, latencyMs));
        }
    }

    /** The workflow-webhooks surface's references of an attempt. */
    public record WebhookReference(String eventRecordId, String eventId, String subscriptionId, String teamId,
                                   String action, String createdBy) {
        public WebhookReference {
            Objects.requireNonNull(eventRecordId, "eventRecordId");
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    public DeliveryAttempt(String kind, String workId, int attemptNumber, boolean success, Exchange exchange) {
        if (attemptNumber < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1");
        }
        this.id = ObjectIds.next();
        this.kind = Objects.requireNonNull(kind, "kind");
        this.workId = workId;
        this.attemptNumber = attemptNumber;
        this.success = success;
        this.requestMethod = exchange.method();
        this.requestUrl = Texts.storable(exchange.url(), MAX_URL_CHARS);
        this.requestHeaders = JsonTexts.object(exchange.headers());
        this.responseStatusCode = exchange.status();
        this.responseBody = Texts.storable(exchange.responseBody(), MAX_BODY_CHARS);
        this.errorMessage = Texts.storable(exchange.error(), MAX_ERROR_LENGTH);
        this.latencyMs = Math.max(0, exchange.latencyMs());
        this.startedAt = exchange.startedAt();
        this.createdAt = exchange.at();
        this.updatedAt = exchange.at();
    }

    /** Files the attempt under the workflow-webhooks surface's references. */
    public DeliveryAttempt forWebhook(WebhookReference reference) {
        this.eventRecordId = reference.eventRecordId();
        this.eventId = reference.eventId();
        this.subscriptionId = reference.subscriptionId();
        this.teamId = reference.teamId();
        this.action = reference.action();
        this.createdBy = reference.createdBy();
        this.updatedBy = reference.createdBy();
        return this;
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public String workId() {
        return workId;
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

    public String requestMethod() {
        return requestMethod;
    }

    public String requestUrl() {
        return requestUrl;
    }

    public Map<String, List<String>> requestHeaders() {
        if (requestHeaders == null) {
            return Map.of();
        }
        var headers = new LinkedHashMap<String, List<String>>();
        JsonTexts.readObject(requestHeaders).forEach((name, values) ->
                headers.put(name, values.asJsonArray().getValuesAs(JsonString::getString)));
        return headers;
    }

    /** The headers as the JSON text the column holds. */
    public String requestHeadersText() {
        return requestHeaders;
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

    public Instant startedAt() {
        return startedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
