package io.hookflow.events.boundary;

import java.time.Instant;

import jakarta.json.bind.annotation.JsonbProperty;

import io.hookflow.delivery.entity.DeliveryAttempt;

/** One delivery attempt as the attempts endpoint shows it; {@code id} equals {@code _id}. */
public record AttemptView(@JsonbProperty("_id") String objectId, String id, String eventId, String subscriptionId,
                          int attemptNumber, String action, String requestUrl, String teamId, String createdBy,
                          String updatedBy, Instant createdAt, Instant updatedAt, boolean success,
                          Integer responseStatusCode, String responseBody, String errorMessage, long latencyMs) {

    static AttemptView of(DeliveryAttempt a) {
        return new AttemptView(a.id(), a.id(), a.eventId(), a.subscriptionId(), a.attemptNumber(), a.action(),
                a.requestUrl(), a.teamId(), a.createdBy(), a.updatedBy(), a.createdAt(), a.updatedAt(), a.success(),
                a.responseStatusCode(), a.responseBody(), a.errorMessage(), a.latencyMs());
    }
}
