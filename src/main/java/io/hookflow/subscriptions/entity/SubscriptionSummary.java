package io.hookflow.subscriptions.entity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A subscription as responses show it: whether it has a bearer token, never the token, and no secrets. */
public record SubscriptionSummary(String id, String name, String url, List<WorkflowAction> actions, boolean enabled,
                                  boolean hasBearerToken, int timeoutSeconds, int maxRetries, int retryBackoffSeconds,
                                  Optional<String> disabledReason, Optional<Integer> rateLimitPerSecond,
                                  boolean ordered, Instant createdAt, Instant updatedAt) {

    public SubscriptionSummary {
        actions = List.copyOf(actions);
    }
}
