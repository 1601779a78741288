package io.hookflow.platform.control;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One broken rule of a request: where ({@code loc}, FastAPI style: {@code ["query","size"]},
 * {@code ["body","actions",0]}), what is wrong, and a machine-readable type.
 */
public record FieldError(List<Object> loc, String msg, String type) {

    public FieldError {
        loc = List.copyOf(loc);
    }

    public static FieldError query(String name, String msg, String type) {
        return new FieldError(List.of("query", name), msg, type);
    }

    public static FieldError path(String name, String msg, String type) {
        return new FieldError(List.of("path", name), msg, type);
    }

    public static FieldError body(String name, String msg, String type) {
        return new FieldError(List.of("body", name), msg, type);
    }

    /** The field named the way a person reads it: {@code steps[1].webhook_url}. */
    public String field() {
        var sb = new StringBuilder();
        for (Object part : loc.subList(Math.min(1, loc.size()), loc.size())) {
            if (part instanceof Integer index) {
                sb.append('[').append(index).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(part);
            }
        }
        return sb.length() == 0 ? String.valueOf(loc.isEmpty() ? "request" : loc.get(0)) : sb.toString();
    }

    static String summary(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.msg()).collect(Collectors.joining("; "));
    }
}
