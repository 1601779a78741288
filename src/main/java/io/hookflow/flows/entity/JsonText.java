package io.hookflow.flows.entity;

import java.util.Optional;

import net.minidev.json.JSONStyle;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;

/**
 * JSON text to values (maps, lists, strings, numbers, booleans) and back. Hibernate keeps a JSON column whose
 * Java type is {@code Object} as raw text, so a column that may hold any JSON value is stored through this.
 */
public final class JsonText {

    private JsonText() {
    }

    /** Compact JSON of a value made of maps, lists, strings, numbers, booleans and nulls. */
    public static String write(Object value) {
        return JSONValue.toJSONString(value, JSONStyle.LT_COMPRESS);
    }

    /** The value of strict JSON text; empty for anything else. A JSON {@code null} reads as {@code Optional.of(NULL)}. */
    public static Optional<Object> read(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            Object value = new JSONParser(JSONParser.MODE_RFC4627).parse(text);
            return Optional.of(value == null ? NULL : value);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** JSON null, kept apart from "nothing there". */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
}
