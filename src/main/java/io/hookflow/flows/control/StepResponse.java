package io.hookflow.flows.control;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What a step's request got back, as the flow logic reads it. Header names compare case-insensitively. */
public record StepResponse(int status, Map<String, List<String>> headers, String body) {

    public StepResponse {
        var sorted = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> sorted.put(name, List.copyOf(values)));
        }
        headers = sorted;
        body = body == null ? "" : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).flatMap(values -> values.stream().findFirst());
    }
}
