package io.hookflow.delivery.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.platform.control.Database;
import org.hibernate.Session;

/**
 * Adds rows to the attempt ledger in the caller's transaction. On PostgreSQL a booking's attempts go in one
 * {@code INSERT ... SELECT FROM unnest(arrays)}, one statement text whatever their number, prepared once by the
 * driver: Hibernate's insert of each entity at flush was 9 % of a drain's samples (docs/benchmarks.md, thirteenth
 * round). Elsewhere they are persisted as entities. The statement is generated from {@link #COLUMNS}, so each array
 * is bound where its column is named.
 */
@ApplicationScoped
public class AttemptInserts {

    /** A ledger column: its name, the array type its values travel in, and its value in an attempt. */
    record Column(String name, String arrayType, Function<DeliveryAttempt, Object> value) {

        static Column text(String name, Function<DeliveryAttempt, Object> value) {
            return new Column(name, "varchar", value);
        }

        /** Sent as ISO-8601 text, which PostgreSQL reads as {@code timestamptz} in any session time zone. */
        static Column time(String name, Function<DeliveryAttempt, Instant> value) {
            return new Column(name, "timestamptz", attempt -> {
                Instant at = value.apply(attempt);
                return at == null ? null : at.toString();
            });
        }
    }

    static final List<Column> COLUMNS = List.of(
            Column.text("id", DeliveryAttempt::id),
            Column.text("kind", DeliveryAttempt::kind),
            Column.text("work_id", DeliveryAttempt::workId),
            Column.text("event_record_id", DeliveryAttempt::eventRecordId),
            Column.text("event_id", DeliveryAttempt::eventId),
            Column.text("subscription_id", DeliveryAttempt::subscriptionId),
            Column.text("team_id", DeliveryAttempt::teamId),
            new Column("attempt_number", "int4", DeliveryAttempt::attemptNumber),
            Column.text("action", DeliveryAttempt::action),
            Column.text("request_method", DeliveryAttempt::requestMethod),
            Column.text("request_url", DeliveryAttempt::requestUrl),
            new Column("request_headers", "jsonb", DeliveryAttempt::requestHeadersText),
            new Column("success", "bool", DeliveryAttempt::success),
            new Column("response_status_code", "int4", DeliveryAttempt::responseStatusCode),
            Column.text("response_body", DeliveryAttempt::responseBody),
            Column.text("error_message", DeliveryAttempt::errorMessage),
            new Column("latency_ms", "int8", DeliveryAttempt::latencyMs),
            Column.text("created_by", DeliveryAttempt::createdBy),
            Column.text("updated_by", DeliveryAttempt::updatedBy),
            Column.time("started_at", DeliveryAttempt::startedAt),
            Column.time("created_at", DeliveryAttempt::createdAt),
            Column.time("updated_at", DeliveryAttempt::updatedAt));

    /** Every array goes as {@code varchar[]} (as text where the column is not one) and is cast to the column's type. */
    static final String SQL = "INSERT INTO delivery_attempts ("
            + COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "))
            + ") SELECT * FROM unnest("
            + COLUMNS.stream().map(column -> "?::varchar[]::" + column.arrayType() + "[]").collect(Collectors.joining(", "))
            + ")";

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Database database;

    public void write(List<DeliveryAttempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        if (!database.postgres()) {
            attempts.forEach(em::persist);
            return;
        }
        em.unwrap(Session.class).doWork(connection -> insert(connection, attempts));
    }

    private static void insert(Connection connection, List<DeliveryAttempt> attempts) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            int parameter = 0;
            for (Column column : COLUMNS) {
                Object[] values = attempts.stream().map(column.value())
                        .map(value -> value == null ? null : value.toString()).toArray(String[]::new);
                insert.setArray(++parameter, connection.createArrayOf("varchar", values));
            }
            insert.executeUpdate();
        }
    }
}
