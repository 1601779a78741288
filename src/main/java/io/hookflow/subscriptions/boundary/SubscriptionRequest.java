package io.hookflow.subscriptions.boundary;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import io.hookflow.platform.control.HeaderText;
import io.hookflow.subscriptions.control.SubscriptionChanges;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;

/**
 * The body of {@code POST /workflow-webhooks}, and the state a {@code PATCH} must leave: its constraints are the one
 * set of rules for a subscription's settings.
 */
public record SubscriptionRequest(
        @NotNull @Size(min = 1, max = 150) String name,
        @NotNull @Size(min = 1, max = 2048)
        @Pattern(regexp = HTTP_URL, message = "must be an absolute http or https URL") String url,
        @NotEmpty List<@NotNull @Pattern(regexp = WorkflowAction.WIRE_NAMES,
                message = WorkflowAction.WIRE_NAMES_MESSAGE) String> actions,
        Boolean enabled,
        @Size(min = 1, max = 2000)
        @Pattern(regexp = HeaderText.VALUE_PATTERN, message = HeaderText.VALUE_RULE) String bearerToken,
        @Min(1) @Max(60) Integer timeoutSeconds,
        @Min(0) @Max(10) Integer maxRetries,
        @Min(1) @Max(300) Integer retryBackoffSeconds,
        @Min(1) @Max(Subscription.MAX_RATE_LIMIT_PER_SECOND) Integer rateLimitPerSecond,
        Boolean ordered) {

    static final String HTTP_URL = "(?i)^https?://[^\\s/?#]+[^\\s]*$";

    SubscriptionChanges values() {
        return new SubscriptionChanges(Optional.of(name), Optional.of(url),
                Optional.of(actions.stream().map(a -> WorkflowAction.fromWire(a).orElseThrow()).toList()),
                Optional.ofNullable(enabled), Optional.ofNullable(timeoutSeconds), Optional.ofNullable(maxRetries),
                Optional.ofNullable(retryBackoffSeconds), Optional.ofNullable(bearerToken), false,
                Optional.ofNullable(rateLimitPerSecond), false, Optional.ofNullable(ordered));
    }

    /** The settings as this body would write them (never the bearer token, which is not read back). */
    static JsonObject stateOf(Subscription.Settings settings) {
        var actions = Json.createArrayBuilder();
        settings.actions().forEach(action -> actions.add(action.wireName()));
        var state = Json.createObjectBuilder()
                .add("name", settings.name())
                .add("url", settings.url())
                .add("actions", actions)
                .add("enabled", settings.enabled())
                .add("timeout_seconds", settings.timeoutSeconds())
                .add("max_retries", settings.maxRetries())
                .add("retry_backoff_seconds", settings.retryBackoffSeconds())
                .add("ordered", settings.ordered());
        if (settings.rateLimitPerSecond() != null) {
            state.add("rate_limit_per_second", settings.rateLimitPerSecond());
        }
        return state.build();
    }

    /** Only the named fields change: a concurrent change of another field is kept. */
    SubscriptionChanges changesOf(Set<String> fields, boolean clearBearerToken, boolean clearRateLimit) {
        var all = values();
        return new SubscriptionChanges(only(fields, "name", all.name()), only(fields, "url", all.url()),
                only(fields, "actions", all.actions()), only(fields, "enabled", all.enabled()),
                only(fields, "timeout_seconds", all.timeoutSeconds()), only(fields, "max_retries", all.maxRetries()),
                only(fields, "retry_backoff_seconds", all.retryBackoffSeconds()),
                only(fields, "bearer_token", all.bearerToken()), clearBearerToken,
                only(fields, "rate_limit_per_second", all.rateLimitPerSecond()), clearRateLimit,
                only(fields, "ordered", all.ordered()));
    }

    private static <T> Optional<T> only(Set<String> fields, String field, Optional<T> value) {
        return fields.contains(field) ? value : Optional.empty();
    }
}
