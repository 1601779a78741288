package io.hookflow.platform.control;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.json.JsonString;

/** Text a receiver, a tenant or the network supplied, made fit for its column. */
public final class Texts {

    /** What a NUL becomes, as undecodable bytes of an answer already do. */
    static final char REPLACEMENT = '\uFFFD';

    static final String NUL_RULE = "must not contain the NUL character (\\u0000)";

    private Texts() {
    }

    /**
     * Refuses a client's {@code value} (see {@link #nulAt(Object)}) with a 422 at {@code loc} followed by where in it
     * the NUL is: PostgreSQL stores one neither in text nor in jsonb.
     */
    public static void requireNoNul(List<Object> loc, Object value) {
        nulAt(value).ifPresent(at -> {
            List<Object> where = new ArrayList<>(loc);
            where.addAll(at);
            throw new Invalid(new FieldError(where, NUL_RULE, "value_error"));
        });
    }

    /**
     * Where the first string holding a NUL is in {@code value}, a request body as read (records, JSON-P values, or
     * strings, numbers, maps and lists): map keys, list indexes and record components named in snake_case as on
     * the wire. A key holding a NUL is reported at that key.
     */
    public static Optional<List<Object>> nulAt(Object value) {
        return nulAt(value, new ArrayList<>());
    }

    private static Optional<List<Object>> nulAt(Object value, List<Object> at) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0 ? Optional.of(List.copyOf(at)) : Optional.empty();
        }
        if (value instanceof JsonString text) {
            return nulAt(text.getString(), at);
        }
        if (value instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                var found = within(String.valueOf(entry.getKey()), at, () -> nulAt(entry.getKey(), at).or(() -> nulAt(entry.getValue(), at)));
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                var found = within(index++, at, () -> nulAt(item, at));
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof Record record) {
            for (Component component : COMPONENTS.get(record.getClass())) {
                Object part = component.of(record);
                var found = within(component.wireName(), at, () -> nulAt(part, at));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<Object>> within(Object step, List<Object> at, Supplier<Optional<List<Object>>> search) {
        at.add(step);
        try {
            return search.get();
        } finally {
            at.remove(at.size() - 1);
        }
    }

    /** A record component as the wire names it, with its accessor made callable once (per call it was most of the walk). */
    private record Component(String wireName, Method accessor) {

        Object of(Record record) {
            try {
                return accessor.invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + wireName + " of " + record.getClass().getSimpleName(), e);
            }
        }
    }

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).map(component -> {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                return new Component(JsonNames.snakeCase(component.getName()), accessor);
            }).toList();
        }
    };

    /**
     * {@code value} (strings, numbers, booleans, maps and lists, as read from a receiver's answer) with every NUL in
     * its strings and keys replaced, so that a jsonb column can take it.
     */
    public static Object storable(Object value) {
        if (value instanceof String text) {
            return text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(storable(key), storable(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(storable(item)));
            return copy;
        }
        return value;
    }

    /**
     * The first {@code max} characters of {@code value}, any NUL character replaced: PostgreSQL's text types cannot
     * hold one, so a receiver's answer with a NUL in it failed its booking on every try and was sent again each time
     * its lease lapsed. Null stays null.
     */
    public static String storable(String value, int max) {
        if (value == null) {
            return null;
        }
        String bounded = value.length() <= max ? value : value.substring(0, max);
        return bounded.indexOf('\0') < 0 ? bounded : bounded.replace('\0', REPLACEMENT);
    }
}
