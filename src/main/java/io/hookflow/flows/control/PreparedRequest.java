package io.hookflow.flows.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hookflow.flows.entity.FlowStep;
import io.hookflow.platform.control.HeaderText;

/**
 * A step's request with its variables filled in: method, the URL with its query parameters, headers and the
 * JSON body (none for GET, HEAD and OPTIONS; {@code Content-Type: application/json} unless the step sets one).
 */
public record PreparedRequest(String method, URI url, Map<String, List<String>> headers, String body) {

    public PreparedRequest {
        headers = Map.copyOf(headers);
    }

    /**
     * The request of {@code step} with {@code values}. {@link VariableValues.Unavailable} names the variable
     * that has no usable value; {@link IllegalArgumentException} says why the templated URL is not one.
     */
    public static PreparedRequest of(FlowStep step, Templates.Values values) {
        String url = Templates.withQuery(Templates.url(step.webhookUrl(), values), step.webhookUrlParams(), values);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the URL " + url + " is not valid once its variables are filled in: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("the URL " + url + " is not an absolute http(s) URL once its variables are filled in");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        step.webhookHeaders().forEach((template, value) -> {
            String name = Templates.text(template, values).trim();
            if (!HeaderText.isName(name)) {
                throw new IllegalArgumentException("the header name " + template + " " + HeaderText.NAME_RULE + " once its variables are filled in");
            }
            String text = value == null ? "" : Templates.text(Templates.textOf(value), values);
            if (!HeaderText.isValue(text)) {
                // the value may be a credential: never quoted
                throw new IllegalArgumentException("the value of header " + name + " " + HeaderText.VALUE_RULE + " once its variables are filled in");
            }
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(text);
        });
        String body = null;
        if (step.webhookMethod().carriesBody() && step.webhookBody() != null) {
            body = JsonPaths.write(Templates.json(step.webhookBody(), values));
            if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                headers.put("Content-Type", List.of("application/json"));
            }
        }
        headers.replaceAll((name, list) -> List.copyOf(list));
        return new PreparedRequest(step.webhookMethod().wireName(), uri, headers, body);
    }
}
