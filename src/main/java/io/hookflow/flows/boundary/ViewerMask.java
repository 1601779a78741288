package io.hookflow.flows.boundary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.PredefinedVariable;
import io.hookflow.security.control.Identity;
import io.hookflow.security.control.Roles;

/**
 * What a viewer sees of the values that may be credentials: header values, URL parameters, constants, variable
 * values and the query of a sent URL are replaced by {@value #MASKED}; names and structure stay. Editors and
 * admins, who may change a flow, see everything.
 */
public final class ViewerMask {

    public static final String MASKED = "***";

    private ViewerMask() {
    }

    /** Whether the caller reads masked values: a viewer, neither editor nor admin. */
    public static boolean appliesTo(Identity caller) {
        return !(caller.hasRole(Roles.EDITOR) || caller.hasRole(Roles.ADMIN));
    }

    /** The same names, every non-null value masked. */
    public static Map<String, Object> values(Map<String, Object> values) {
        if (values == null) {
            return null;
        }
        var masked = new LinkedHashMap<String, Object>();
        values.forEach((name, value) -> masked.put(name, value == null ? null : MASKED));
        return masked;
    }

    /**
     * A URL as sent, with its user info, every query value and its fragment masked: those are where templated
     * credentials end up ({@code ?api_key={{key}}}). Scheme, host, path and parameter names stay readable.
     */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String rest = url;
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = "#" + MASKED;
            rest = rest.substring(0, hash);
        }
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = "?" + maskQuery(rest.substring(question + 1));
            rest = rest.substring(0, question);
        }
        return maskUserInfo(rest) + query + fragment;
    }

    static List<PredefinedVariable> constants(List<PredefinedVariable> constants) {
        return constants == null ? null : constants.stream()
                .map(c -> new PredefinedVariable(c.name(), c.value() == null ? null : MASKED)).toList();
    }

    static List<FlowVariable> variables(List<FlowVariable> variables) {
        return variables == null ? null : variables.stream()
                .map(v -> v.customValue() == null ? v : v.withCustomValue(MASKED)).toList();
    }

    private static String maskQuery(String query) {
        var masked = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            if (masked.length() > 0) {
                masked.append('&');
            }
            int equals = pair.indexOf('=');
            masked.append(equals < 0 ? pair : pair.substring(0, equals + 1) + MASKED);
        }
        return masked.toString();
    }

    private static String maskUserInfo(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int slash = url.indexOf('/', start);
        int end = slash < 0 ? url.length() : slash;
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? url : url.substring(0, start) + MASKED + url.substring(at);
    }
}
