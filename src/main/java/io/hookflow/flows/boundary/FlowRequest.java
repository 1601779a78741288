package io.hookflow.flows.boundary;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowDirection;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.PredefinedVariable;
import io.hookflow.flows.entity.RetryDelayUnit;
import io.hookflow.flows.entity.Schedule;

/** The body of {@code POST /v1/webhooks} and {@code PUT /v1/webhooks/{id}}: a whole flow, steps included. */
public record FlowRequest(
        @Size(min = 1, max = 255) String workspaceId,
        @NotBlank @Size(max = 255) String name,
        @Size(max = 2048) String logo,
        @Min(0) @Max(1_000_000) Integer retryDelay,
        @Pattern(regexp = "seconds|minutes|hours|days", message = "must be one of seconds, minutes, hours, days") String retryDelayUnit,
        @Min(0) @Max(100) Integer maxRetries,
        Boolean isTemplate,
        @Pattern(regexp = "inbound|outbound", message = "must be one of inbound, outbound") String flowDirection,
        @Size(max = MAX_VARIABLES) Map<String, Object> flowMapping,
        @Size(max = 255) String tagName,
        @Size(max = 255) String categoryName,
        @JsonbProperty("predefinedVariables") @Size(max = MAX_VARIABLES) List<@NotNull PredefinedVariable> predefinedVariables,
        @Size(max = MAX_VARIABLES) List<@NotNull FlowVariable> variables,
        @NotNull @Size(min = 1, max = MAX_STEPS) List<@NotNull @Valid StepRequest> steps,
        @Valid ScheduleRequest schedule,
        @Min(1) @Max(10_000) Integer rateLimitPerSecond) {

    /** Per flow: variables, predefined variables and flow_mapping entries each (docs/architecture.md, "Limits"). */
    public static final int MAX_VARIABLES = 200;
    public static final int MAX_STEPS = 100;
    static final int DEFAULT_RETRY_DELAY = 5;
    static final int DEFAULT_MAX_RETRIES = 3;

    /** {@code {"cron": "*}{@code /15 * * * *", "timezone": "UTC"}}. */
    public record ScheduleRequest(@NotNull String cron, @Size(max = 64) String timezone) {
    }

    /** Defaults: workspace {@code default}, retry after 5 seconds up to 3 times, outbound, not a template. */
    Flow.Settings toSettings() {
        return new Flow.Settings(workspaceId, name, logo,
                Optional.ofNullable(retryDelay).orElse(DEFAULT_RETRY_DELAY),
                Optional.ofNullable(retryDelayUnit).map(u -> RetryDelayUnit.valueOf(u.toUpperCase(Locale.ROOT))).orElse(RetryDelayUnit.SECONDS),
                Optional.ofNullable(maxRetries).orElse(DEFAULT_MAX_RETRIES),
                Boolean.TRUE.equals(isTemplate),
                Optional.ofNullable(flowDirection).map(d -> FlowDirection.valueOf(d.toUpperCase(Locale.ROOT))).orElse(FlowDirection.OUTBOUND),
                flowMapping, tagName, categoryName, predefinedVariables, variables,
                schedule == null ? null : new Schedule(schedule.cron(), schedule.timezone()), rateLimitPerSecond);
    }

    List<FlowStep.Settings> toStepSettings() {
        return steps.stream().map(StepRequest::toSettings).toList();
    }
}
