package io.hookflow.flows.control;

import java.util.Optional;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider;

import io.hookflow.flows.entity.JsonText;

/**
 * JSONPath (Jayway) over JSON text and over already-parsed values, and the one JSON reader and writer
 * the flow logic uses for bodies it templates, sends and receives.
 */
public final class JsonPaths {

    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JsonSmartJsonProvider())
            .mappingProvider(new JsonSmartMappingProvider())
            .build();

    private JsonPaths() {
    }

    /** The path compiled, or why it is not one. It must start at the root ({@code $}). */
    public static JsonPath compile(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("must be a JSONPath starting with $");
        }
        try {
            return JsonPath.compile(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid JSONPath (" + e.getMessage() + ")");
        }
    }

    /** The value at {@code path} in a parsed document; empty when the path leads nowhere. */
    public static Optional<Object> read(Object document, String path) {
        try {
            return Optional.of(wrapNull(compile(path).read(document, CONFIGURATION)));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Parses JSON text strictly; empty for anything that is not JSON, {@link JsonText#NULL} for JSON null. */
    public static Optional<Object> parse(String text) {
        return JsonText.read(text);
    }

    /** Compact JSON text of a value made of maps, lists, strings, numbers, booleans and nulls. */
    public static String write(Object value) {
        return JsonText.write(unwrapNull(value));
    }

    private static Object wrapNull(Object value) {
        return value == null ? JsonText.NULL : value;
    }

    static Object unwrapNull(Object value) {
        return value == JsonText.NULL ? null : value;
    }
}
