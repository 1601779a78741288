package io.hookflow.events.entity;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.hookflow.delivery.entity.Lease;
import io.hookflow.platform.control.JsonTexts;
import io.hookflow.platform.control.ObjectIds;
import io.hookflow.platform.control.Texts;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One published workflow event as one subscription receives it: what was published, and how its delivery
 * stands. {@code dueAt} is when the engine should next try it (null once final or while nobody should).
 */
@Entity
@Table(name = "event_records")
public class EventRecord {

    static final int MAX_ERROR_LENGTH = 2000;
    static final int MAX_SEARCH_LENGTH = 4000;

    @Id
    @Column(length = 24)
    private String id;

    @Column(name = "event_id", nullable = false, updatable = false, length = 64)
    private String eventId;

    @Column(name = "subscription_id", nullable = false, updatable = false, length = 24)
    private String subscriptionId;

    @Column(name = "team_id", nullable = false, updatable = false, length = 64)
    private String teamId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 32)
    private WorkflowAction action;

    @Column(name = "workflow_id", nullable = false, updatable = false, length = 24)
    private String workflowId;

    @Column(name = "workflow_name", updatable = false)
    private String workflowName;

    @Column(name = "workflow_run_id", updatable = false)
    private String workflowRunId;

    @Column(name = "workflow_run_status", updatable = false, length = 64)
    private String workflowRunStatus;

    /**
     * JSON text, not a map: written once per publish for all of its records, and spliced into each delivery's body
     * as it is. As a map, Hibernate wrote it with Jackson for every record of a fan-out and parsed it again
     * whenever a record was loaded, a claim or a booking included (docs/benchmarks.md, tenth round).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    private String payload;

    @Column(name = "dedupe_key", updatable = false)
    private String dedupeKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private EventStatus status;

    @Column(name = "attempts_count")
    private int attemptsCount;

    @Column(name = "next_retry_at")
    private Instant nextRetryAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_status_code")
    private Integer lastStatusCode;

    @Column(name = "last_error", length = MAX_ERROR_LENGTH)
    private String lastError;

    /**
     * The searchable values a team's records share (name, workflow id, last error), apart from those each record has
     * alone ({@link #searchIds}): few distinct values among millions of records, whose digest PostgreSQL keeps so
     * that a search's total is counted from an index (sql/postgresql/V70__event_search_split.sql).
     */
    @Column(name = "search_facets", nullable = false, length = MAX_SEARCH_LENGTH)
    private String searchFacets;

    /** The searchable values of this record alone: event id, run id, dedupe key. */
    @Column(name = "search_ids", nullable = false, updatable = false, length = MAX_SEARCH_LENGTH)
    private String searchIds;

    @Column(name = "due_at")
    private Instant dueAt;

    @Embedded
    private Lease lease = new Lease();

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "updated_by")
    private String updatedBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected EventRecord() {
    }

    /** What a publisher sends, shared by every subscription's record of the event. */
    public record Publication(String eventId, WorkflowAction action, String workflowId, String workflowName,
                              String workflowRunId, String workflowRunStatus, Map<String, Object> payload,
                              String dedupeKey) {
        public Publication {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(action, "action");
            if (!ObjectIds.isValid(workflowId)) {
                throw new IllegalArgumentException("workflow_id must be 24 lowercase hex characters");
            }
            payload = payload == null ? Map.of() : new LinkedHashMap<>(payload);
        }

        /** The payload as JSON text, as every record of this publication stores it. */
        String payloadJson() {
            return JsonTexts.object(payload);
        }

        /** The same publication under another event id (a repeat adopts the id its first publish got). */
        public Publication withEventId(String otherEventId) {
            return new Publication(otherEventId, action, workflowId, workflowName, workflowRunId, workflowRunStatus,
                    payload, dedupeKey);
        }
    }

    /** The records of one publication, one for each of {@code subscriptionIds}, sharing one text of its payload. */
    public static List<EventRecord> of(Publication publication, Collection<String> subscriptionIds, String teamId,
                                       String user, Instant now) {
        String payload = publication.payloadJson();
        return subscriptionIds.stream()
                .map(subscriptionId -> new EventRecord(publication, payload, subscriptionId, teamId, user, now))
                .toList();
    }

    private EventRecord(Publication publication, String payload, String subscriptionId, String teamId, String user,
                        Instant now) {
        this.id = ObjectIds.next();
        this.eventId = publication.eventId();
        this.subscriptionId = Objects.requireNonNull(subscriptionId, "subscriptionId");
        this.teamId = Objects.requireNonNull(teamId, "teamId");
        this.action = publication.action();
        this.workflowId = publication.workflowId();
        this.workflowName = publication.workflowName();
        this.workflowRunId = publication.workflowRunId();
        this.workflowRunStatus = publication.workflowRunStatus();
        this.payload = payload;
        this.dedupeKey = publication.dedupeKey();
        this.status = EventStatus.PENDING;
        this.dueAt = now;
        this.createdBy = user;
        this.updatedBy = user;
        this.createdAt = now;
        this.updatedAt = now;
        this.searchIds = searchable(eventId, workflowRunId, dedupeKey);
        refreshSearchFacets();
    }

    /**
     * A copy of every column but the payload, with a lease of its own: what a booking may change without touching
     * this one. A booking neither changes nor reads the payload, and a claimed delivery keeps its copy until it is
     * booked: with the payload, the engine's in-flight deliveries would hold each payload twice (it is in the
     * request's body already).
     */
    public EventRecord bookingCopy() {
        var copy = new EventRecord();
        copy.id = id;
        copy.eventId = eventId;
        copy.subscriptionId = subscriptionId;
        copy.teamId = teamId;
        copy.action = action;
        copy.workflowId = workflowId;
        copy.workflowName = workflowName;
        copy.workflowRunId = workflowRunId;
        copy.workflowRunStatus = workflowRunStatus;
        copy.dedupeKey = dedupeKey;
        copy.status = status;
        copy.attemptsCount = attemptsCount;
        copy.nextRetryAt = nextRetryAt;
        copy.deliveredAt = deliveredAt;
        copy.lastAttemptAt = lastAttemptAt;
        copy.lastStatusCode = lastStatusCode;
        copy.lastError = lastError;
        copy.searchFacets = searchFacets;
        copy.searchIds = searchIds;
        copy.dueAt = dueAt;
        if (lease().owner() != null) {
            copy.lease().claim(lease().owner(), lease().until());
        }
        copy.createdBy = createdBy;
        copy.updatedBy = updatedBy;
        copy.createdAt = createdAt;
        copy.updatedAt = updatedAt;
        copy.version = version;
        return copy;
    }

    /**
     * A person asked for another try: pending and due now, whatever happened before (the contract's manual
     * retry). The counters and the last outcome stay, so the history of earlier attempts is not lost.
     */
    public void retryNow(String user, Instant now) {
        this.status = EventStatus.PENDING;
        this.dueAt = now;
        this.nextRetryAt = null;
        this.deliveredAt = null;
        if (!lease().activeAt(now)) {
            releaseLease();
        } // else an attempt is in flight: it stays the only one (never two at once), and its outcome is the retry's
        touch(user, now);
    }

    /** The subscription is gone: what was not delivered never will be. */
    public void abandonBecauseSubscriptionDeleted(String user, Instant now) {
        if (status.isFinal()) {
            return;
        }
        fail("subscription was deleted", user, now);
    }

    public void releaseLease() {
        lease().release();
    }

    /**
     * This record, a {@link #bookingCopy()} of one a claim leased by statement, brought up to the row that statement
     * wrote: its lease, and the version one higher (the lease statement raises it as Hibernate's versioned update
     * does). The claim's booking then writes from it without reading the row again; a write of it matches the row
     * only if nobody changed the row since. Never for a managed entity: Hibernate would write it with a stale version.
     */
    public void heldAsLeased(String owner, Instant until) {
        lease().claim(owner, until);
        version++;
    }

    /** Who holds the record for a delivery (Hibernate leaves the field null when both columns are). */
    public Lease lease() {
        if (lease == null) {
            lease = new Lease();
        }
        return lease;
    }

    /** Books an attempt's outcome on the record's counters. */
    public void recordAttempt(Integer statusCode, String error, Instant at) {
        this.attemptsCount++;
        this.lastAttemptAt = at;
        this.lastStatusCode = statusCode;
        this.lastError = Texts.storable(error, MAX_ERROR_LENGTH);
        this.updatedAt = at;
        refreshSearchFacets();
    }

    public void markDelivered(Instant at) {
        this.status = EventStatus.DELIVERED;
        this.deliveredAt = at;
        this.nextRetryAt = null;
        this.dueAt = null;
        releaseLease();
        this.updatedAt = at;
    }

    public void scheduleRetry(Instant at, Instant now) {
        this.status = EventStatus.RETRYING;
        this.nextRetryAt = at;
        this.dueAt = at;
        releaseLease();
        this.updatedAt = now;
    }

    public void fail(String error, String user, Instant now) {
        this.status = EventStatus.FAILED;
        this.nextRetryAt = null;
        this.dueAt = null;
        if (error != null) {
            this.lastError = Texts.storable(error, MAX_ERROR_LENGTH);
        }
        releaseLease();
        touch(user, now);
        refreshSearchFacets();
    }

    private void touch(String user, Instant now) {
        if (user != null) {
            this.updatedBy = user;
        }
        this.updatedAt = now;
    }

    private void refreshSearchFacets() {
        this.searchFacets = searchable(workflowName, workflowId, lastError);
    }

    /** What a search matches, lower-cased as Like's patterns are, one value per line. */
    private static String searchable(String... values) {
        String text = Stream.of(values)
                .filter(Objects::nonNull)
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        return Texts.storable(text, MAX_SEARCH_LENGTH);
    }

    /**
     * Every column a delivery's booking may change, with the version the record was read at: what writes many
     * records' bookings in one statement needs, and nothing it may not change.
     */
    public record Progress(String id, long version, EventStatus status, int attemptsCount, Instant nextRetryAt,
                           Instant deliveredAt, Instant lastAttemptAt, Integer lastStatusCode, String lastError,
                           String searchFacets, Instant dueAt, String leaseOwner, Instant leaseUntil, String updatedBy,
                           Instant updatedAt) {
    }

    public Progress progress() {
        return new Progress(id, version, status, attemptsCount, nextRetryAt, deliveredAt, lastAttemptAt,
                lastStatusCode, lastError, searchFacets, dueAt, lease().owner(), lease().until(), updatedBy, updatedAt);
    }

    public String id() {
        return id;
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

    public WorkflowAction action() {
        return action;
    }

    public String workflowId() {
        return workflowId;
    }

    public String workflowName() {
        return workflowName;
    }

    public String workflowRunId() {
        return workflowRunId;
    }

    public String workflowRunStatus() {
        return workflowRunStatus;
    }

    /** The payload's JSON text, an object (an empty one for a row stored without any). */
    public String payloadJson() {
        return payload == null ? "{}" : payload;
    }

    /** The payload read from its text, for those who show it rather than send it on. */
    public JsonObject payload() {
        return JsonTexts.readObject(payloadJson());
    }

    public String dedupeKey() {
        return dedupeKey;
    }

    public EventStatus status() {
        return status;
    }

    public int attemptsCount() {
        return attemptsCount;
    }

    public Instant nextRetryAt() {
        return nextRetryAt;
    }

    public Instant deliveredAt() {
        return deliveredAt;
    }

    public Instant lastAttemptAt() {
        return lastAttemptAt;
    }

    public Integer lastStatusCode() {
        return lastStatusCode;
    }

    public String lastError() {
        return lastError;
    }

    public String searchFacets() {
        return searchFacets;
    }

    public String searchIds() {
        return searchIds;
    }

    public long version() {
        return version;
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
