package io.hookflow.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * Direct access to the test database, for what the API cannot set up by itself: records in states only a
 * delivery engine reaches, chosen creation times, attempt rows. Only on PostgreSQL (the default IT database).
 */
public final class EventRows {

    private EventRows() {
    }

    public static void assumeDatabase() {
        Assumptions.assumeTrue("postgresql".equals(System.getProperty("hookflow.it.database")),
                "this test sets rows up directly in PostgreSQL");
    }

    public static int update(String sql, Object... args) {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            try (var rows = statement.executeQuery()) {
                List<Map<String, Object>> result = new ArrayList<>();
                var meta = rows.getMetaData();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rows.getObject(i));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An attempt row as the delivery engine writes it. */
    public static void insertAttempt(String id, String recordId, String eventId, String subscriptionId, String teamId,
                                     int number, boolean success, Integer status, String body, String error, Instant at) {
        update("""
                insert into delivery_attempts (id, event_record_id, event_id, subscription_id, team_id, attempt_number,
                    action, request_url, success, response_status_code, response_body, error_message, latency_ms,
                    created_by, updated_by, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, 'workflow_created', 'https://receiver.example.org/hook', ?, ?, ?, ?, 42,
                    'engine', 'engine', ?, ?)""",
                id, recordId, eventId, subscriptionId, teamId, number, success, status, body, error, at, at);
    }

    /** A connection of its own, for a test that holds a transaction open while the server works. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("hookflow.it.jdbc-url"), "postgres", "");
    }

    private static void bind(java.sql.PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object value = args[i] instanceof Instant instant ? Timestamp.from(instant) : args[i];
            statement.setObject(i + 1, value);
        }
    }
}
