package io.hookflow.platform.control;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

import jakarta.json.JsonObject;
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

    /** {@code members} as a JSON object's text: strings, numbers, booleans, nulls, lists and maps of them. */
    @SuppressWarnings("unchecked")
    public static String object(Map<String, ?> members) {
        return JSON.createObjectBuilder((Map<String, Object>) members).build().toString();
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
