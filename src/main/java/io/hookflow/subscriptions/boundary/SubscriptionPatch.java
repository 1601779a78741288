package io.hookflow.subscriptions.boundary;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.Validator;

import io.hookflow.platform.boundary.ConstraintViolationMapper;
import io.hookflow.platform.boundary.JsonRecords;
import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.FieldError;
import io.hookflow.subscriptions.control.SubscriptionChanges;
import io.hookflow.subscriptions.entity.Subscription;

/**
 * The body of {@code PATCH /workflow-webhooks/{id}}: a JSON Merge Patch (RFC 7386) of the subscription as
 * {@link SubscriptionRequest} writes it, and the patched state must keep that record's constraints, the same ones
 * create uses. The contract makes every field nullable, so {@code null} leaves a field as it is (it does not
 * remove it); unknown fields are ignored, as the modelled FastAPI service does; {@code clear_bearer_token} is the
 * one field only a patch has.
 */
final class SubscriptionPatch {

    static final String CLEAR_BEARER_TOKEN = "clear_bearer_token";
    private static final Set<String> FIELDS = java.util.Arrays.stream(SubscriptionRequest.class.getRecordComponents())
            .map(c -> io.hookflow.platform.control.JsonNames.snakeCase(c.getName())).collect(Collectors.toUnmodifiableSet());

    static final String RATE_LIMIT = "rate_limit_per_second";

    private final JsonObject patch;
    private final boolean clearBearerToken;
    private final boolean clearRateLimit;

    private SubscriptionPatch(JsonObject patch, boolean clearBearerToken, boolean clearRateLimit) {
        this.patch = patch;
        this.clearBearerToken = clearBearerToken;
        this.clearRateLimit = clearRateLimit;
    }

    /** Takes any JSON value, because only an object is a patch and anything else deserves a 422, not a 500. */
    static SubscriptionPatch of(JsonValue body) {
        if (!(body instanceof JsonObject object)) {
            throw new Invalid(new FieldError(List.of("body"), "must be a JSON object", "model_attributes_type"));
        }
        var known = Json.createObjectBuilder();
        object.forEach((field, value) -> {
            if (FIELDS.contains(field) && value.getValueType() != JsonValue.ValueType.NULL) {
                known.add(field, value);
            }
        });
        JsonValue clear = object.getOrDefault(CLEAR_BEARER_TOKEN, JsonValue.NULL);
        if (clear != JsonValue.NULL && clear != JsonValue.TRUE && clear != JsonValue.FALSE) {
            throw new Invalid(FieldError.body(CLEAR_BEARER_TOKEN, "must be a boolean", "bool_type"));
        }
        // the one field where null means "remove": a subscription without a rate limit is a state of its own
        boolean clearRateLimit = object.containsKey(RATE_LIMIT) && object.isNull(RATE_LIMIT);
        var patch = new SubscriptionPatch(known.build(), clear == JsonValue.TRUE, clearRateLimit);
        if (patch.clearBearerToken && patch.patch.containsKey("bearer_token")) {
            throw new Invalid(FieldError.body(CLEAR_BEARER_TOKEN, "cannot be true while bearer_token sets a new token", "value_error"));
        }
        return patch;
    }

    /**
     * The changes this patch makes to {@code current}, once the patched state keeps every constraint; a 422
     * naming each broken one otherwise. Only the patched fields change, so a concurrent change of another stays.
     */
    SubscriptionChanges changesTo(Subscription.Settings current, Validator validator) {
        JsonObject patched = Json.createMergePatch(patch).apply(SubscriptionRequest.stateOf(current)).asJsonObject();
        var bound = JsonRecords.bind(patched, SubscriptionRequest.class);
        SubscriptionRequest request = bound.value();
        var wrongTypes = bound.errors().stream().map(e -> e.loc()).collect(Collectors.toSet());
        List<FieldError> errors = new java.util.ArrayList<>(bound.errors());
        validator.validate(request).stream().map(ConstraintViolationMapper::toFieldError)
                .filter(e -> !wrongTypes.contains(e.loc())) // a field of the wrong type is null here: one error is enough
                .forEach(errors::add);
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return request.changesOf(patch.keySet(), clearBearerToken, clearRateLimit);
    }
}
