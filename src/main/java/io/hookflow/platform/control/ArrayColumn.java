package io.hookflow.platform.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A column written for many rows at once on PostgreSQL: its values travel as one {@code varchar[]} parameter, cast
 * to the column's type, in {@code unnest(...)}. A statement built from a list of these binds each array where its
 * column stands, so the binding order cannot drift from the column order.
 *
 * @param <T> what a row's values are read from
 */
public record ArrayColumn<T>(String name, String type, Function<T, Object> value) {

    public static <T> ArrayColumn<T> text(String name, Function<T, Object> value) {
        return new ArrayColumn<>(name, "varchar", value);
    }

    /** Sent as ISO-8601 text, which PostgreSQL reads as {@code timestamptz} in any session time zone. */
    public static <T> ArrayColumn<T> time(String name, Function<T, Instant> value) {
        return new ArrayColumn<>(name, "timestamptz", row -> value.apply(row));
    }

    /** {@code unnest(?::varchar[]::type[], ...)} with one parameter per column, in the list's order. */
    public static String unnest(List<? extends ArrayColumn<?>> columns) {
        return columns.stream().map(column -> "?::varchar[]::" + column.type() + "[]")
                .collect(Collectors.joining(", ", "unnest(", ")"));
    }

    public static String names(List<? extends ArrayColumn<?>> columns) {
        return columns.stream().map(ArrayColumn::name).collect(Collectors.joining(", "));
    }

    /** Binds the columns' arrays of {@code rows} as the statement's parameters from the first on. */
    public static <T> void bind(Connection connection, PreparedStatement statement, List<ArrayColumn<T>> columns,
                                List<T> rows) throws SQLException {
        int parameter = 0;
        for (ArrayColumn<T> column : columns) {
            Object[] values = rows.stream().map(column.value())
                    .map(value -> value == null ? null : value.toString()).toArray(String[]::new);
            statement.setArray(++parameter, connection.createArrayOf("varchar", values));
        }
    }
}
