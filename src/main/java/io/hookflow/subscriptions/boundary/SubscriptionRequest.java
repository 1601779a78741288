package io.hookflow.subscriptions.boundary;

import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.hookflow.subscriptions.control.SubscriptionChanges;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;

/** The body of {@code POST /workflow-webhooks}. */
public record SubscriptionRequest(
        @NotNull @Size(min = 1, max = 150) String name,
        @NotNull @Size(min = 1, max = 2048)
        @Pattern(regexp = HTTP_URL, message = "must be an absolute http or https URL") String url,
        @NotNull @NotEmpty List<@NotNull @Pattern(regexp = WorkflowAction.WIRE_NAMES,
                message = WorkflowAction.WIRE_NAMES_MESSAGE) String> actions,
        Boolean enabled,
        @Size(min = 1, max = 2000) String bearerToken,
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
}
