package io.hookflow.subscriptions.control;

import java.util.List;
import java.util.Optional;

import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;

/**
 * What a caller sets on a subscription: on create, an empty field takes its default (name, url and actions
 * have none); on update, an empty field stays as it is. {@code clearBearerToken} removes the token; the token
 * itself never appears in {@link #toString()}, so it cannot reach a log line by accident.
 */
public record SubscriptionChanges(Optional<String> name, Optional<String> url, Optional<List<WorkflowAction>> actions,
                                  Optional<Boolean> enabled, Optional<Integer> timeoutSeconds,
                                  Optional<Integer> maxRetries, Optional<Integer> retryBackoffSeconds,
                                  Optional<String> bearerToken, boolean clearBearerToken,
                                  // operator fields (issue 10); rate limit: present = set, clearRateLimit = remove
                                  Optional<Integer> rateLimitPerSecond, boolean clearRateLimit,
                                  Optional<Boolean> ordered) {

    public SubscriptionChanges {
        if (clearBearerToken && bearerToken.isPresent()) {
            throw new IllegalArgumentException("a bearer token cannot be set and cleared at once");
        }
        if (clearRateLimit && rateLimitPerSecond.isPresent()) {
            throw new IllegalArgumentException("a rate limit cannot be set and cleared at once");
        }
    }

    Subscription.Settings asNewSettings() {
        return new Subscription.Settings(name.orElse(null), url.orElse(null), actions.orElse(List.of()),
                enabled.orElse(true), timeoutSeconds.orElse(Subscription.DEFAULT_TIMEOUT_SECONDS),
                maxRetries.orElse(Subscription.DEFAULT_MAX_RETRIES),
                retryBackoffSeconds.orElse(Subscription.DEFAULT_RETRY_BACKOFF_SECONDS),
                rateLimitPerSecond.orElse(null), ordered.orElse(false));
    }

    Subscription.Settings applyTo(Subscription.Settings current) {
        return new Subscription.Settings(name.orElse(current.name()), url.orElse(current.url()),
                actions.orElse(current.actions()), enabled.orElse(current.enabled()),
                timeoutSeconds.orElse(current.timeoutSeconds()), maxRetries.orElse(current.maxRetries()),
                retryBackoffSeconds.orElse(current.retryBackoffSeconds()),
                clearRateLimit ? null : rateLimitPerSecond.orElse(current.rateLimitPerSecond()),
                ordered.orElse(current.ordered()));
    }

    @Override
    public String toString() {
        return "SubscriptionChanges[name=" + name + ", url=" + url + ", actions=" + actions + ", enabled=" + enabled
                + ", timeoutSeconds=" + timeoutSeconds + ", maxRetries=" + maxRetries
                + ", retryBackoffSeconds=" + retryBackoffSeconds
                + ", bearerToken=" + bearerToken.map(t -> "(set)") + ", clearBearerToken=" + clearBearerToken
                + ", rateLimitPerSecond=" + rateLimitPerSecond + ", clearRateLimit=" + clearRateLimit
                + ", ordered=" + ordered + "]";
    }
}
