package io.hookflow.subscriptions.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.hookflow.platform.control.ApiException;
import io.hookflow.platform.control.FieldError;
import io.hookflow.subscriptions.control.SubscriptionChanges;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;

/**
 * Reads the body of {@code PATCH /workflow-webhooks/{id}}: every field optional, {@code null} or absent
 * meaning "unchanged", unknown fields ignored (as the modelled FastAPI service does). Every broken rule is
 * reported at once, each at its {@code ["body", field]}.
 */
final class SubscriptionPatch {

    private final JsonObject body;
    private final List<FieldError> errors = new ArrayList<>();

    private SubscriptionPatch(JsonObject body) {
        this.body = body;
    }

    /** Takes any JSON value, because only an object is a patch and anything else deserves a 422, not a 500. */
    static SubscriptionChanges read(JsonValue body) {
        if (!(body instanceof JsonObject object)) {
            throw ApiException.invalid(new FieldError(List.of("body"), "must be a JSON object", "model_attributes_type"));
        }
        var patch = new SubscriptionPatch(object);
        var name = patch.text("name", 150);
        var url = patch.text("url", 2048);
        url.filter(u -> !u.matches(SubscriptionRequest.HTTP_URL))
                .ifPresent(u -> patch.error("url", "must be an absolute http or https URL", "url_scheme"));
        var actions = patch.actions();
        var enabled = patch.bool("enabled");
        var timeout = patch.integer("timeout_seconds", 1, 60);
        var retries = patch.integer("max_retries", 0, 10);
        var backoff = patch.integer("retry_backoff_seconds", 1, 300);
        var token = patch.text("bearer_token", 2000);
        boolean clearToken = patch.bool("clear_bearer_token").orElse(false);
        if (clearToken && token.isPresent()) {
            patch.error("clear_bearer_token", "cannot be true while bearer_token sets a new token", "value_error");
        }
        // operator fields (issue 10); an explicit null rate limit removes the limit (JSON Merge Patch semantics)
        var rateLimit = patch.integer("rate_limit_per_second", 1, Subscription.MAX_RATE_LIMIT_PER_SECOND);
        boolean clearRateLimit = object.containsKey("rate_limit_per_second") && object.isNull("rate_limit_per_second");
        var ordered = patch.bool("ordered");
        if (!patch.errors.isEmpty()) {
            throw ApiException.invalid(patch.errors);
        }
        return new SubscriptionChanges(name, url, actions, enabled, timeout, retries, backoff, token, clearToken,
                rateLimit, clearRateLimit, ordered);
    }

    private Optional<JsonValue> present(String field) {
        return Optional.ofNullable(body.get(field)).filter(v -> v.getValueType() != JsonValue.ValueType.NULL);
    }

    private Optional<String> text(String field, int max) {
        var value = present(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonString string)) {
            return error(field, "must be a string", "string_type");
        }
        String text = string.getString();
        if (text.isEmpty() || text.length() > max) {
            return error(field, "must be 1 to " + max + " characters", "string_length");
        }
        return Optional.of(text);
    }

    private Optional<Boolean> bool(String field) {
        var value = present(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() == JsonValue.TRUE || value.get() == JsonValue.FALSE) {
            return Optional.of(value.get() == JsonValue.TRUE);
        }
        return error(field, "must be a boolean", "bool_type");
    }

    private Optional<Integer> integer(String field, int min, int max) {
        var value = present(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonNumber number) || !number.isIntegral()) {
            return error(field, "must be an integer", "int_type");
        }
        if (number.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(min)) < 0) {
            return error(field, "must be greater than or equal to " + min, "greater_than_equal");
        }
        if (number.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            return error(field, "must be less than or equal to " + max, "less_than_equal");
        }
        return Optional.of(number.intValue());
    }

    private Optional<List<WorkflowAction>> actions() {
        var value = present("actions");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonArray array)) {
            return error("actions", "must be a list of actions", "list_type");
        }
        if (array.isEmpty()) {
            return error("actions", "must list at least one action", "too_short");
        }
        List<WorkflowAction> actions = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonValue item = array.get(i);
            var action = item instanceof JsonString s ? WorkflowAction.fromWire(s.getString()) : Optional.<WorkflowAction>empty();
            if (action.isEmpty()) {
                errors.add(new FieldError(List.of("body", "actions", i), WorkflowAction.WIRE_NAMES_MESSAGE, "enum"));
            } else {
                actions.add(action.get());
            }
        }
        return actions.size() == array.size() ? Optional.of(actions) : Optional.empty();
    }

    private <T> Optional<T> error(String field, String message, String type) {
        errors.add(FieldError.body(field, message, type));
        return Optional.empty();
    }
}
