package io.hookflow.subscriptions.boundary;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /workflow-webhooks}. */
public record SubscriptionRequest(
        @NotNull @Size(min = 1, max = 150) String name,
        @NotNull @Size(min = 1, max = 2048)
        @Pattern(regexp = HTTP_URL, message = "must be an absolute http or https URL") String url,
        @NotNull @NotEmpty List<@NotNull @Pattern(regexp = ACTIONS, message = ACTIONS_MESSAGE) String> actions,
        Boolean enabled,
        @Size(max = 2000) String bearerToken,
        @Min(1) @Max(60) Integer timeoutSeconds,
        @Min(0) @Max(10) Integer maxRetries,
        @Min(1) @Max(300) Integer retryBackoffSeconds) {

    static final String HTTP_URL = "(?i)^https?://[^\\s/?#]+[^\\s]*$";
    static final String ACTIONS = "workflow_created|workflow_updated|workflow_deleted|workflow_run_started|workflow_run_completed";
    static final String ACTIONS_MESSAGE = "must be one of workflow_created, workflow_updated, workflow_deleted, "
            + "workflow_run_started, workflow_run_completed";

    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    static final int DEFAULT_MAX_RETRIES = 3;
    static final int DEFAULT_RETRY_BACKOFF_SECONDS = 10;
}
