package io.hookflow.flows.control;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hookflow.flows.entity.FlowVariable.DataType;
import io.hookflow.flows.entity.JsonText;

/**
 * Where a response variable's value is found ({@code $.json.path}, {@code header:<Name>}, {@code status}),
 * and the conversion of any value to a variable's {@code dataType}. Failures say what was wrong, for the
 * step's error message.
 */
public final class VariableValues {

    static final String HEADER_PREFIX = "header:";
    static final String STATUS = "status";

    private VariableValues() {
    }

    /** A value that cannot be had or converted. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether {@code location} is one of the three forms; the message says why not. */
    public static void checkLocation(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("is required for a response variable: a JSONPath ($.data.id), header:<Name> or status");
        }
        if (STATUS.equals(location)) {
            return;
        }
        if (location.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
            if (location.substring(HEADER_PREFIX.length()).isBlank()) {
                throw new IllegalArgumentException("names no header after header:");
            }
            return;
        }
        if (!location.startsWith("$")) {
            throw new IllegalArgumentException("must be a JSONPath ($.data.id), header:<Name> or status");
        }
        JsonPaths.compile(location);
    }

    /** The value at {@code location} in a response. */
    public static Object extract(String location, ParsedResponse response) {
        if (STATUS.equals(location)) {
            return response.status();
        }
        if (location.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
            String name = location.substring(HEADER_PREFIX.length()).trim();
            return response.header(name)
                    .orElseThrow(() -> new Unavailable("the response has no header " + name));
        }
        Object document = response.json()
                .orElseThrow(() -> new Unavailable("the response body is not JSON, so " + location + " cannot be read"));
        Object value;
        try {
            value = JsonPaths.read(document, location)
                    .orElseThrow(() -> new Unavailable(location + " is not in the response body"));
        } catch (JsonPaths.Unevaluable e) {
            throw new Unavailable(e.getMessage());
        }
        if (value == JsonText.NULL) {
            throw new Unavailable(location + " is null in the response body");
        }
        return value;
    }

    /** {@code value} as {@code type}: a string, a number (Long or BigDecimal), a boolean, or any JSON value. */
    public static Object convert(Object value, DataType type) {
        if (value == null || value == JsonText.NULL) {
            throw new Unavailable("has no value");
        }
        Numbers.requireBounded(value, "value");
        return switch (type) {
            case STRING -> Templates.textOf(value);
            case NUMBER -> number(value);
            case BOOLEAN -> bool(value);
            case JSON -> json(value);
        };
    }

    private static Object number(Object value) {
        BigDecimal decimal;
        try {
            if (value instanceof Number n) {
                decimal = Numbers.bounded(n);
            } else if (value instanceof String s) {
                decimal = Numbers.parse(s);
            } else {
                throw new Unavailable("value " + describe(value) + " is not a number");
            }
        } catch (Numbers.OutOfRange e) {
            throw new Unavailable("value " + describe(value) + " " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new Unavailable("value " + describe(value) + " is not a number");
        }
        try {
            return decimal.longValueExact();
        } catch (ArithmeticException notAWholeLong) {
            return decimal;
        }
    }

    private static Object bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && ("true".equalsIgnoreCase(s.trim()) || "false".equalsIgnoreCase(s.trim()))) {
            return Boolean.valueOf(s.trim().toLowerCase(Locale.ROOT));
        }
        throw new Unavailable("value " + describe(value) + " is not a boolean (true or false)");
    }

    private static Object json(Object value) {
        if (value instanceof String s) {
            return Numbers.requireBounded(JsonPaths.parse(s).map(JsonPaths::unwrapNull)
                    .orElseThrow(() -> new Unavailable("value " + quote(s) + " is not JSON")), "value");
        }
        return value;
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Number n && !Numbers.isBounded(n)) {
            return "(a number)";
        }
        if (value instanceof Map || value instanceof List) {
            String json = JsonPaths.write(value);
            return json.length() > 80 ? json.substring(0, 77) + "..." : json;
        }
        return String.valueOf(value);
    }

    private static String quote(String s) {
        return "\"" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "\"";
    }
}
