package io.hookflow.platform.control;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.spi.JsonProvider;

/**
 * JSON objects as text, for columns the application writes once and hands on as they are. Through one JSON-P
 * provider looked up once: {@code Json.create...} searches the class path for a provider on every call, and
 * Hibernate's JSON mapping writes with Jackson on every flush (docs/benchmarks.md, tenth and eleventh rounds).
 */
public final class JsonTexts {

    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonTexts() {
    }

    /**
     * {@code members} as a JSON object's text: strings, numbers, booleans, nulls, JSON-P values, lists and maps of
     * them. Generated straight out, as JSON-P's builder would write it: building the tree first was 2.4 % of a
     * drain's samples, for every attempt's headers (docs/benchmarks.md, fourteenth round).
     */
    public static String object(Map<String, ?> members) {
        var text = new StringWriter();
        try (var generator = JSON.createGenerator(text)) {
            write(generator, members);
        }
        return text.toString();
    }

    private static void write(JsonGenerator generator, Object value) {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String string) {
            generator.write(string);
        } else if (value instanceof Boolean bool) {
            generator.write(bool);
        } else if (value instanceof Integer || value instanceof Long) {
            generator.write(((Number) value).longValue());
        } else if (value instanceof Double number) {
            generator.write(BigDecimal.valueOf(number)); // as JSON-P's builder writes a double
        } else if (value instanceof BigDecimal decimal) {
            generator.write(decimal);
        } else if (value instanceof BigInteger integer) {
            generator.write(integer);
        } else if (value instanceof JsonValue json) {
            generator.write(json);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            map.forEach((name, member) -> {
                generator.writeKey(String.valueOf(name));
                write(generator, member);
            });
            generator.writeEnd();
        } else if (value instanceof Collection<?> items) {
            generator.writeStartArray();
            items.forEach(item -> write(generator, item));
            generator.writeEnd();
        } else {
            throw new IllegalArgumentException("no JSON value for a " + value.getClass().getName());
        }
    }

    /**
     * A flat object of strings (a null member written as {@code null}) as text, generated straight out rather than
     * built as an object tree first (JFR: building and writing the tree was 4.6 % of a drain's samples, once for
     * every delivery's body).
     */
    public static String flatObject(Map<String, String> members) {
        var text = new StringWriter();
        try (var generator = JSON.createGenerator(text)) {
            generator.writeStartObject();
            members.forEach((name, value) -> {
                if (value == null) {
                    generator.writeNull(name);
                } else {
                    generator.write(name, value);
                }
            });
            generator.writeEnd();
        }
        return text.toString();
    }

    /** The object {@code text} holds; a {@code jakarta.json.JsonException} when it holds none. */
    public static JsonObject readObject(String text) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
