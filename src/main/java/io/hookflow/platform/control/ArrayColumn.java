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
 * to the column's type, in {@code unnest(...)}; or, where every row has the same value, as that one value
 * ({@link #shared}). A statement built from a list of these binds each parameter where its column stands, so the
 * binding order cannot drift from the column order.
 *
 * @param <T>  what a row's values are read from
 * @param time the values are instants, sent as microseconds since the epoch; {@link #read} turns them into times
 */
public record ArrayColumn<T>(String name, String type, Function<T, Object> value, boolean time) {

    private static final long MICROS_PER_SECOND = 1_000_000;

    public ArrayColumn(String name, String type, Function<T, Object> value) {
        this(name, type, value, false);
    }

    public static <T> ArrayColumn<T> text(String name, Function<T, Object> value) {
        return new ArrayColumn<>(name, "varchar", value);
    }

    /**
     * Sent as a count of microseconds, which {@link #read} adds to the epoch as a {@code timestamptz} (the same moment in
     * any session time zone). As ISO-8601 text, formatting the instants was an eighth of a booking's CPU (JFR,
     * docs/benchmarks.md, sixteenth round), and PostgreSQL parsed the text again.
     */
    public static <T> ArrayColumn<T> time(String name, Function<T, Instant> value) {
        return new ArrayColumn<>(name, "int8", row -> micros(value.apply(row)), true);
    }

    static Long micros(Instant instant) {
        if (instant == null) {
            return null;
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1_000);
    }

    /**
     * The column's value in a row of {@code unnest(...) AS alias(...)}: a time is the epoch plus its microseconds, an
     * interval multiplied exactly (a double holds every whole number of microseconds up to the year 2255).
     */
    public String read(String alias) {
        String column = alias + "." + name;
        return time ? "(TIMESTAMPTZ 'epoch' + " + column + " * INTERVAL '1 microsecond')" : column;
    }

    /**
     * The column's one value for every row a statement writes, as one parameter sent as text: {@code ?::varchar::type},
     * a time as {@link #read} reads it.
     */
    public String shared() {
        return time ? "(TIMESTAMPTZ 'epoch' + ?::varchar::int8 * INTERVAL '1 microsecond')" : "?::varchar::" + type;
    }

    /** {@link #shared} of every column, in the list's order. */
    public static String shareds(List<? extends ArrayColumn<?>> columns) {
        return columns.stream().map(ArrayColumn::shared).collect(Collectors.joining(", "));
    }

    /** {@link #read} of every column, in the list's order. */
    public static String reads(List<? extends ArrayColumn<?>> columns, String alias) {
        return columns.stream().map(column -> column.read(alias)).collect(Collectors.joining(", "));
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
        bind(connection, statement, columns, rows, 1);
    }

    /** Binds the columns' arrays of {@code rows} from parameter {@code first} on; answers the parameter after them. */
    public static <T> int bind(Connection connection, PreparedStatement statement, List<ArrayColumn<T>> columns,
                               List<T> rows, int first) throws SQLException {
        int parameter = first;
        for (ArrayColumn<T> column : columns) {
            Object[] values = rows.stream().map(column::text).toArray(String[]::new);
            statement.setArray(parameter++, connection.createArrayOf("varchar", values));
        }
        return parameter;
    }

    /** Binds the columns' {@link #shared} values of {@code row} from parameter {@code first} on; answers the next. */
    public static <T> int bindShared(PreparedStatement statement, List<ArrayColumn<T>> columns, T row, int first)
            throws SQLException {
        int parameter = first;
        for (ArrayColumn<T> column : columns) {
            statement.setString(parameter++, column.text(row));
        }
        return parameter;
    }

    /** The column's value in {@code row} as the text a statement receives (null stays null). */
    public String text(T row) {
        Object raw = value.apply(row);
        return raw == null ? null : raw.toString();
    }
}
