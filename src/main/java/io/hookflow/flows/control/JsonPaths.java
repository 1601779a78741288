package io.hookflow.flows.control;

import java.util.Collection;
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
 *
 * <p>Tenants write these paths and they run on shared threads, so each is bounded: at most
 * {@value #MAX_LENGTH} characters, no {@code =~} filter (Jayway runs it with {@code java.util.regex}, whose
 * backtracking can take hours on a 40-character value, and offers no way to plug in a linear-time engine), and at
 * most {@value #MAX_STEPS} reads of the document per evaluation (a filter with a deep scan inside a deep scan is
 * quadratic in the document).
 */
public final class JsonPaths {

    public static final int MAX_LENGTH = 512;
    public static final int MAX_STEPS = 1_000_000;
    static final String REGEX_OPERATOR = "=~";

    private static final JsonSmartMappingProvider MAPPING = new JsonSmartMappingProvider();

    private JsonPaths() {
    }

    /** A stored path that can no longer be evaluated, or an evaluation that went over its budget. */
    public static final class Unevaluable extends RuntimeException {
        Unevaluable(String message) {
            super(message, null, false, false);
        }
    }

    /** The path compiled, or why it is not one. It must start at the root ({@code $}). */
    public static JsonPath compile(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("must be a JSONPath starting with $");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        if (path.contains(REGEX_OPERATOR)) {
            throw new IllegalArgumentException("uses the regular-expression filter =~, which is not supported "
                    + "(its evaluation time has no bound); use ==, in, anyof or a success_condition op such as contains");
        }
        try {
            return JsonPath.compile(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid JSONPath (" + e.getMessage() + ")");
        }
    }

    /**
     * The value at {@code path} in a parsed document; empty when the path leads nowhere. {@link Unevaluable} when
     * the path is not acceptable (any more) or needs more than {@value #MAX_STEPS} reads of the document.
     */
    public static Optional<Object> read(Object document, String path) {
        JsonPath compiled;
        try {
            compiled = compile(path);
        } catch (IllegalArgumentException e) {
            throw new Unevaluable(path + " " + e.getMessage());
        }
        var configuration = Configuration.builder().jsonProvider(new Budgeted(path)).mappingProvider(MAPPING).build();
        try {
            return Optional.of(wrapNull(compiled.read(document, configuration)));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        } catch (Unevaluable e) {
            throw e;
        } catch (RuntimeException e) {
            // Jayway reports type mismatches inside filters as exceptions of its own: the path does not apply
            throw new Unevaluable(path + " cannot be evaluated on this document (" + e.getClass().getSimpleName() + ")");
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

    /** Counts every read Jayway makes of the document, and stops the evaluation past the budget. */
    private static final class Budgeted extends JsonSmartJsonProvider {
        private final String path;
        private int steps;

        Budgeted(String path) {
            this.path = path;
        }

        private void step(int cost) {
            steps += cost;
            if (steps > MAX_STEPS) {
                throw new Unevaluable(path + " needs more than " + MAX_STEPS + " reads of the document");
            }
        }

        @Override
        public Object getMapValue(Object obj, String key) {
            step(1);
            return super.getMapValue(obj, key);
        }

        @Override
        public Object getArrayIndex(Object obj, int idx) {
            step(1);
            return super.getArrayIndex(obj, idx);
        }

        @Override
        public Iterable<?> toIterable(Object obj) {
            Iterable<?> items = super.toIterable(obj);
            step(items instanceof Collection<?> c ? 1 + c.size() : 1);
            return items;
        }

        @Override
        public Collection<String> getPropertyKeys(Object obj) {
            Collection<String> keys = super.getPropertyKeys(obj);
            step(1 + keys.size());
            return keys;
        }

        @Override
        public int length(Object obj) {
            step(1);
            return super.length(obj);
        }
    }
}
