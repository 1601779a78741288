package io.hookflow.flows.control;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When a step's response counts as success: {@code {}} is any 2xx; otherwise {@code status} (a list of codes
 * or a class such as {@code "2xx"}, 2xx when absent), and every {@code body} (JSONPath) and {@code headers}
 * check must hold.
 */
public record SuccessCondition(Set<Integer> statuses, Integer statusClass, List<Check> body, List<Check> headers) {

    /** Body checks and header checks, each: every body check is one JSONPath evaluation per try. */
    public static final int MAX_CHECKS = 20;
    private static final Pattern STATUS_CLASS = Pattern.compile("^([1-5])xx$", Pattern.CASE_INSENSITIVE);
    private static final SuccessCondition ANY_2XX = new SuccessCondition(Set.of(), 2, List.of(), List.of());

    public enum Op {
        EQ, NE, GT, GTE, LT, LTE, CONTAINS, EXISTS, IN;

        static Op of(Object raw, String where) {
            return Arrays.stream(values()).filter(op -> op.name().equalsIgnoreCase(String.valueOf(raw))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(where + ".op must be one of "
                            + Arrays.stream(values()).map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))));
        }
    }

    /** One check: {@code target} is the JSONPath (body) or header name. */
    public record Check(String target, Op op, Object value) {
    }

    /** Reads a condition as stored; the message of the exception says what is wrong with it. */
    public static SuccessCondition parse(Map<String, ?> raw) {
        if (raw == null || raw.isEmpty()) {
            return ANY_2XX;
        }
        for (String key : raw.keySet()) {
            if (!Set.of("status", "body", "headers").contains(key)) {
                throw new IllegalArgumentException("has an unknown key " + key + " (status, body and headers are known)");
            }
        }
        Set<Integer> statuses = Set.of();
        Integer statusClass = 2;
        Object status = raw.get("status");
        if (status instanceof String s) {
            var m = STATUS_CLASS.matcher(s.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("status must be a list of status codes or a class such as \"2xx\"");
            }
            statusClass = Integer.parseInt(m.group(1));
        } else if (status instanceof Number || status instanceof Collection<?>) {
            statuses = statusCodes(status instanceof Collection<?> c ? c : List.of(status));
            statusClass = null;
        } else if (status != null) {
            throw new IllegalArgumentException("status must be a list of status codes or a class such as \"2xx\"");
        }
        return new SuccessCondition(statuses, statusClass, checks(raw.get("body"), "body", "path"),
                checks(raw.get("headers"), "headers", "name"));
    }

    private static Set<Integer> statusCodes(Collection<?> raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("status must not be an empty list");
        }
        var codes = new java.util.LinkedHashSet<Integer>();
        for (Object code : raw) {
            if (!(code instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 100 || n.intValue() > 599) {
                throw new IllegalArgumentException("status lists HTTP status codes (100-599), not " + code);
            }
            codes.add(n.intValue());
        }
        return Set.copyOf(codes);
    }

    private static List<Check> checks(Object raw, String section, String targetKey) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException(section + " must be a list of {" + targetKey + ", op, value}");
        }
        if (list.size() > MAX_CHECKS) {
            throw new IllegalArgumentException(section + " must have at most " + MAX_CHECKS + " checks");
        }
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = section + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> check)) {
                throw new IllegalArgumentException(where + " must be an object {" + targetKey + ", op, value}");
            }
            if (!(check.get(targetKey) instanceof String target) || target.isBlank()) {
                throw new IllegalArgumentException(where + "." + targetKey + " is required");
            }
            if ("path".equals(targetKey)) {
                try {
                    JsonPaths.compile(target);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ".path " + e.getMessage());
                }
            }
            Op op = Op.of(check.get("op"), where);
            Object value = check.get("value");
            if (op == Op.IN && !(value instanceof Collection<?>)) {
                throw new IllegalArgumentException(where + ".value must be a list for op in");
            }
            if (op != Op.EXISTS && !check.containsKey("value")) {
                throw new IllegalArgumentException(where + ".value is required for op " + op.name().toLowerCase(Locale.ROOT));
            }
            checks.add(new Check(target, op, value));
        }
        return List.copyOf(checks);
    }

    /** Empty when the response meets the condition, else the first reason it does not. */
    public Optional<String> failure(ParsedResponse response) {
        int code = response.status();
        if (statusClass != null && code / 100 != statusClass) {
            return Optional.of("status " + code + " is not " + statusClass + "xx");
        }
        if (!statuses.isEmpty() && !statuses.contains(code)) {
            return Optional.of("status " + code + " is not one of " + statuses.stream().sorted().toList());
        }
        if (!body.isEmpty()) {
            Optional<Object> document = response.json();
            for (Check check : body) {
                Optional<Object> actual;
                try {
                    actual = document.flatMap(d -> JsonPaths.read(d, check.target()));
                } catch (JsonPaths.Unevaluable e) {
                    return Optional.of("body " + e.getMessage());
                }
                Optional<String> failed = evaluate("body " + check.target(), actual.map(JsonPaths::unwrapNull), actual.isPresent(), check);
                if (failed.isPresent()) {
                    return document.isPresent() ? failed : Optional.of("the response body is not JSON (" + failed.get() + ")");
                }
            }
        }
        for (Check check : headers) {
            Optional<String> actual = response.header(check.target());
            Optional<String> failed = evaluate("header " + check.target(), actual.map(Object.class::cast), actual.isPresent(), check);
            if (failed.isPresent()) {
                return failed;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> evaluate(String what, Optional<Object> actualValue, boolean present, Check check) {
        Object expected = check.value();
        String op = check.op().name().toLowerCase(Locale.ROOT);
        if (check.op() == Op.EXISTS) {
            boolean wanted = !(expected instanceof Boolean b) || b;
            return present == wanted ? Optional.empty()
                    : Optional.of(what + (wanted ? " is missing" : " is present") + " (op exists " + wanted + ")");
        }
        if (!present) {
            return Optional.of(what + " is missing (expected " + op + " " + Templates.textOf(expected) + ")");
        }
        Object actual = actualValue.orElse(null);
        boolean holds = switch (check.op()) {
            case EQ -> same(actual, expected);
            case NE -> !same(actual, expected);
            case GT -> compare(actual, expected) > 0;
            case GTE -> compare(actual, expected) >= 0;
            case LT -> compare(actual, expected) < 0;
            case LTE -> compare(actual, expected) <= 0;
            case CONTAINS -> contains(actual, expected);
            case IN -> expected instanceof Collection<?> options && options.stream().anyMatch(o -> same(actual, o));
            case EXISTS -> true;
        };
        return holds ? Optional.empty()
                : Optional.of(what + " is " + shown(actual) + ", expected " + op + " " + shown(expected));
    }

    private static String shown(Object value) {
        return value == null ? "null" : value instanceof String s ? "\"" + s + "\"" : Templates.textOf(value);
    }

    /** Equal as JSON values: numbers by value (1 equals 1.0), a numeric or boolean string equals its value. */
    static boolean same(Object actual, Object expected) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        Optional<BigDecimal> a = decimal(actual);
        Optional<BigDecimal> e = decimal(expected);
        if ((actual instanceof Number || expected instanceof Number) && a.isPresent() && e.isPresent()) {
            return a.get().compareTo(e.get()) == 0;
        }
        if (actual instanceof Map || actual instanceof List || expected instanceof Map || expected instanceof List) {
            return JsonPaths.write(actual).equals(JsonPaths.write(expected));
        }
        return Templates.textOf(actual).equals(Templates.textOf(expected));
    }

    /** Ordering for gt/gte/lt/lte: numerically when both are numbers (or numeric text), else as text. */
    private static int compare(Object actual, Object expected) {
        if (actual == null || expected == null) {
            return actual == expected ? 0 : actual == null ? -1 : 1;
        }
        Optional<BigDecimal> a = decimal(actual);
        Optional<BigDecimal> e = decimal(expected);
        if (a.isPresent() && e.isPresent()) {
            return a.get().compareTo(e.get());
        }
        return Templates.textOf(actual).compareTo(Templates.textOf(expected));
    }

    private static boolean contains(Object actual, Object expected) {
        if (actual instanceof Collection<?> items) {
            return items.stream().anyMatch(item -> same(item, expected));
        }
        if (actual instanceof Map<?, ?> map) {
            return map.containsKey(Templates.textOf(expected));
        }
        return actual != null && Templates.textOf(actual).contains(Templates.textOf(expected));
    }

    private static Optional<BigDecimal> decimal(Object value) {
        try {
            if (value instanceof Number n) {
                return Optional.of(Numbers.bounded(n));
            }
            if (value instanceof String s) {
                return Optional.of(Numbers.parse(s));
            }
        } catch (IllegalArgumentException notNumericOrOutOfBounds) {
            // compared as text
        }
        return Optional.empty();
    }
}
