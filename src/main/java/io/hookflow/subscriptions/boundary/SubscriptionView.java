package io.hookflow.subscriptions.boundary;

import java.time.Instant;
import java.util.List;

import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.SubscriptionSummary;
import io.hookflow.subscriptions.entity.WorkflowAction;

/** A subscription as every response shows it: never the bearer token, and the secret only where asked. */
public record SubscriptionView(String id, String name, String url, List<String> actions, boolean enabled,
                               boolean hasBearerToken, int timeoutSeconds, int maxRetries,
                               int retryBackoffSeconds, String disabledReason, Integer rateLimitPerSecond,
                               boolean ordered, Instant createdAt, Instant updatedAt) {

    static SubscriptionView of(Subscription s) {
        return of(s.summary());
    }

    static SubscriptionView of(SubscriptionSummary s) {
        return new SubscriptionView(s.id(), s.name(), s.url(),
                s.actions().stream().map(WorkflowAction::wireName).toList(), s.enabled(), s.hasBearerToken(),
                s.timeoutSeconds(), s.maxRetries(), s.retryBackoffSeconds(), s.disabledReason().orElse(null),
                s.rateLimitPerSecond().orElse(null), s.ordered(), s.createdAt(), s.updatedAt());
    }
}
