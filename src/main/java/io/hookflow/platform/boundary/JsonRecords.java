package io.hookflow.platform.boundary;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.JsonNames;

/**
 * A JSON object bound to a request record strictly, as the FastAPI services the workflow surface is modelled on
 * do: a string is not a number, a number not a string or boolean. Components are {@code String}, {@code Integer},
 * {@code Boolean} or {@code List<String>}, named in snake_case on the wire; a missing or null field is
 * {@code null}. Every wrong type is reported at once, at its {@code ["body", field(, index)]}.
 */
public final class JsonRecords {

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private JsonRecords() {
    }

    /**
     * A record bound from {@code json} with the fields of the wrong JSON type left null, and those fields' errors:
     * the caller validates the rest too, so every broken rule is reported at once, as pydantic does.
     */
    public record Bound<R>(R value, List<FieldError> errors) {
        public Bound {
            errors = List.copyOf(errors);
        }
    }

    public static <R extends Record> Bound<R> bind(JsonObject json, Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            String field = JsonNames.snakeCase(components[i].getName());
            JsonValue value = json.get(field);
            if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
                values[i] = read(field, value, components[i].getGenericType(), errors);
            }
        }
        try {
            var constructor = type.getDeclaredConstructor(java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return new Bound<>(constructor.newInstance(values), errors);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind " + type.getSimpleName(), e);
        }
    }

    private static Object read(String field, JsonValue value, Type type, List<FieldError> errors) {
        if (type == String.class) {
            return value instanceof JsonString s ? s.getString() : error(errors, List.of("body", field), "must be a string", "string_type");
        }
        if (type == Boolean.class) {
            return value == JsonValue.TRUE || value == JsonValue.FALSE ? value == JsonValue.TRUE
                    : error(errors, List.of("body", field), "must be a boolean", "bool_type");
        }
        if (type == Integer.class) {
            if (value instanceof JsonNumber n && n.isIntegral()) {
                BigInteger big = n.bigIntegerValue();
                if (big.compareTo(INT_MIN) >= 0 && big.compareTo(INT_MAX) <= 0) {
                    return big.intValue();
                }
            }
            return error(errors, List.of("body", field), "must be an integer (32 bits)", "int_type");
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class
                && list.getActualTypeArguments()[0] == String.class) {
            if (!(value instanceof JsonArray array)) {
                return error(errors, List.of("body", field), "must be a list", "list_type");
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) instanceof JsonString s) {
                    items.add(s.getString());
                } else {
                    error(errors, List.of("body", field, i), "must be a string", "string_type");
                }
            }
            return items;
        }
        throw new IllegalStateException("no strict binding for " + type);
    }

    private static Object error(List<FieldError> errors, List<Object> loc, String message, String type) {
        errors.add(new FieldError(loc, message, type));
        return null;
    }
}
