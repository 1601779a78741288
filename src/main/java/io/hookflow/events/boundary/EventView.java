package io.hookflow.events.boundary;

import java.time.Instant;
import java.util.Map;

import jakarta.json.bind.annotation.JsonbProperty;

import io.hookflow.events.entity.EventRecord;

/**
 * An event record exactly as the modelled API lists it (every field of its WorkflowWebhookEventModel, null
 * where unknown), plus {@code id} equal to {@code _id}, which that vendor's own clients read.
 */
public record EventView(String eventId, String subscriptionId, String action, String teamId, String createdBy,
                        String updatedBy, Instant createdAt, Instant updatedAt, @JsonbProperty("_id") String objectId,
                        String id, String workflowId, String workflowName, String workflowRunId,
                        String workflowRunStatus, Map<String, Object> payload, String dedupeKey, String status,
                        int attemptsCount, Instant nextRetryAt, Instant deliveredAt, Instant lastAttemptAt,
                        Integer lastStatusCode, String lastError) {

    static EventView of(EventRecord r) {
        return new EventView(r.eventId(), r.subscriptionId(), r.action().wireName(), r.teamId(), r.createdBy(),
                r.updatedBy(), r.createdAt(), r.updatedAt(), r.id(), r.id(), r.workflowId(), r.workflowName(),
                r.workflowRunId(), r.workflowRunStatus(), payload(r), r.dedupeKey(), r.status().wireName(),
                r.attemptsCount(), r.nextRetryAt(), r.deliveredAt(), r.lastAttemptAt(), r.lastStatusCode(),
                r.lastError());
    }

    /** A JSON-P object is a map of JSON values, which JSON-B writes as they are. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(EventRecord r) {
        return (Map<String, Object>) (Map<String, ?>) r.payload();
    }
}
