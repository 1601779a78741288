package io.hookflow.flows.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an inbound call's JSON body becomes an execution's input: {@code flow_mapping} names a JSONPath per
 * variable ({@code {"email": "$.lead.email"}}); without a mapping, the body's top-level fields are the input.
 * A path the body lacks leaves its variable out (a step that needs it fails saying so).
 */
public final class InboundMapping {

    private InboundMapping() {
    }

    /** Why a mapping entry is not usable, if one is not: {@code name -> reason}. */
    public static Map<String, String> problems(Map<String, ?> mapping) {
        Map<String, String> problems = new LinkedHashMap<>();
        mapping.forEach((name, path) -> {
            if (!name.matches(Templates.NAME)) {
                problems.put(name, "is not a variable name (letters, digits, _ . -)");
            } else if (!(path instanceof String text)) {
                problems.put(name, "must be a JSONPath string such as $.lead.email");
            } else {
                try {
                    JsonPaths.compile(text);
                } catch (IllegalArgumentException e) {
                    problems.put(name, e.getMessage());
                }
            }
        });
        return problems;
    }

    /** The input for a body; {@link IllegalArgumentException} when the body is not JSON. */
    public static Map<String, Object> input(Map<String, ?> mapping, String body) {
        Object document = body == null || body.isBlank() ? Map.of()
                : JsonPaths.parse(body).orElseThrow(() -> new IllegalArgumentException("the request body is not JSON"));
        Map<String, Object> input = new LinkedHashMap<>();
        if (mapping.isEmpty()) {
            if (document instanceof Map<?, ?> fields) {
                fields.forEach((k, v) -> input.put(String.valueOf(k), v));
            }
            return requireBoundedNumbers(input);
        }
        try {
            mapping.forEach((name, path) -> JsonPaths.read(document, String.valueOf(path))
                    .map(JsonPaths::unwrapNull)
                    .ifPresent(value -> input.put(name, value)));
        } catch (JsonPaths.Unevaluable e) {
            throw new IllegalArgumentException("flow_mapping " + e.getMessage());
        }
        return requireBoundedNumbers(input);
    }

    /** An input is stored as JSON, which has no infinite numbers, and every number a flow uses is bounded. */
    private static Map<String, Object> requireBoundedNumbers(Map<String, Object> input) {
        Numbers.problem(input).ifPresent(p -> {
            throw new IllegalArgumentException("the request body gives input " + p.at() + " a number that " + p.message());
        });
        return input;
    }
}
