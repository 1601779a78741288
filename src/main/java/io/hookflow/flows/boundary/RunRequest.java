package io.hookflow.flows.boundary;

import java.util.Map;

/** The optional body of {@code POST /v1/webhooks/{id}/executions}: the execution's input variables. */
public record RunRequest(Map<String, Object> variables) {

    Map<String, Object> input() {
        return variables == null ? Map.of() : variables;
    }
}
