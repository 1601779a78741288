package io.hookflow.delivery.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.platform.control.ArrayColumn;
import io.hookflow.platform.control.Database;

/**
 * Adds rows to the attempt ledger in the caller's transaction. On PostgreSQL a booking's attempts go in one
 * {@code INSERT ... SELECT FROM unnest(arrays)}, one statement text whatever their number, prepared once by the
 * driver: Hibernate's insert of each entity at flush was 9 % of a drain's samples (docs/benchmarks.md, thirteenth
 * round). Elsewhere they are persisted as entities ({@link Database#insert}). The statement is generated from
 * {@link #COLUMNS} ({@link ArrayColumn}).
 */
@ApplicationScoped
public class AttemptInserts {

    static final List<ArrayColumn<DeliveryAttempt>> COLUMNS = List.of(
            ArrayColumn.text("id", DeliveryAttempt::id),
            ArrayColumn.text("kind", DeliveryAttempt::kind),
            ArrayColumn.text("work_id", DeliveryAttempt::workId),
            ArrayColumn.text("event_record_id", DeliveryAttempt::eventRecordId),
            ArrayColumn.text("event_id", DeliveryAttempt::eventId),
            ArrayColumn.text("subscription_id", DeliveryAttempt::subscriptionId),
            ArrayColumn.text("team_id", DeliveryAttempt::teamId),
            new ArrayColumn<>("attempt_number", "int4", DeliveryAttempt::attemptNumber),
            ArrayColumn.text("action", DeliveryAttempt::action),
            ArrayColumn.text("request_method", DeliveryAttempt::requestMethod),
            ArrayColumn.text("request_url", DeliveryAttempt::requestUrl),
            new ArrayColumn<>("request_headers", "jsonb", DeliveryAttempt::requestHeadersText),
            new ArrayColumn<>("success", "bool", DeliveryAttempt::success),
            new ArrayColumn<>("response_status_code", "int4", DeliveryAttempt::responseStatusCode),
            ArrayColumn.text("response_body", DeliveryAttempt::responseBody),
            ArrayColumn.text("error_message", DeliveryAttempt::errorMessage),
            new ArrayColumn<>("latency_ms", "int8", DeliveryAttempt::latencyMs),
            ArrayColumn.text("created_by", DeliveryAttempt::createdBy),
            ArrayColumn.text("updated_by", DeliveryAttempt::updatedBy),
            ArrayColumn.time("started_at", DeliveryAttempt::startedAt),
            ArrayColumn.time("created_at", DeliveryAttempt::createdAt),
            ArrayColumn.time("updated_at", DeliveryAttempt::updatedAt));

    /** Every array goes as {@code varchar[]} (as text where the column is not one) and is cast to the column's type. */
    static final String SQL = "INSERT INTO delivery_attempts (" + ArrayColumn.names(COLUMNS) + ") SELECT "
            + ArrayColumn.reads(COLUMNS, "a") + " FROM " + ArrayColumn.unnest(COLUMNS) + " AS a(" + ArrayColumn.names(COLUMNS) + ")";

    @Inject
    Database database;

    public void write(List<DeliveryAttempt> attempts) {
        database.insert(attempts, connection -> insert(connection, attempts));
    }

    private static void insert(Connection connection, List<DeliveryAttempt> attempts) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            ArrayColumn.bind(connection, insert, COLUMNS, attempts);
            insert.executeUpdate();
        }
    }
}
