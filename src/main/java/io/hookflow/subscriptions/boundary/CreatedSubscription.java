package io.hookflow.subscriptions.boundary;

import java.time.Instant;
import java.util.List;

import io.hookflow.subscriptions.entity.Subscription;

/** The create response: the one place besides the secret endpoint where the signing secret is shown. */
public record CreatedSubscription(String id, String name, String url, List<String> actions, boolean enabled,
                                  boolean hasBearerToken, int timeoutSeconds, int maxRetries,
                                  int retryBackoffSeconds, String disabledReason, Integer rateLimitPerSecond,
                                  boolean ordered, Instant createdAt, Instant updatedAt, String secret) {

    static CreatedSubscription of(Subscription s) {
        var view = SubscriptionView.of(s);
        return new CreatedSubscription(view.id(), view.name(), view.url(), view.actions(), view.enabled(),
                view.hasBearerToken(), view.timeoutSeconds(), view.maxRetries(), view.retryBackoffSeconds(),
                view.disabledReason(), view.rateLimitPerSecond(), view.ordered(), view.createdAt(), view.updatedAt(), s.secret());
    }
}
