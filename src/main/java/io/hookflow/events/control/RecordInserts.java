package io.hookflow.events.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.platform.control.ArrayColumn;
import io.hookflow.platform.control.Database;

/**
 * Writes the records of one publication in the caller's transaction. They differ only in their id and subscription,
 * so on PostgreSQL one {@code INSERT ... SELECT} unnests those two arrays and binds every other column once:
 * Hibernate's insert of each entity at flush was a quarter of a ten-subscription publish's samples
 * (docs/benchmarks.md, twentieth round). Elsewhere they are persisted as entities and flushed. Either way a lost
 * dedupe race fails here, where {@link Publisher} can tell it from other failures.
 */
@ApplicationScoped
public class RecordInserts {

    static final List<ArrayColumn<EventRecord>> EACH = List.of(
            ArrayColumn.text("id", EventRecord::id),
            ArrayColumn.text("subscription_id", EventRecord::subscriptionId));

    static final List<ArrayColumn<EventRecord>> SHARED = List.of(
            ArrayColumn.text("event_id", EventRecord::eventId),
            ArrayColumn.text("team_id", EventRecord::teamId),
            ArrayColumn.text("action", record -> record.action().name()),
            ArrayColumn.text("workflow_id", EventRecord::workflowId),
            ArrayColumn.text("workflow_name", EventRecord::workflowName),
            ArrayColumn.text("workflow_run_id", EventRecord::workflowRunId),
            ArrayColumn.text("workflow_run_status", EventRecord::workflowRunStatus),
            new ArrayColumn<>("payload", "jsonb", EventRecord::payloadJson),
            ArrayColumn.text("dedupe_key", EventRecord::dedupeKey),
            ArrayColumn.text("status", record -> record.status().name()),
            new ArrayColumn<>("attempts_count", "int4", EventRecord::attemptsCount),
            ArrayColumn.time("next_retry_at", EventRecord::nextRetryAt),
            ArrayColumn.time("delivered_at", EventRecord::deliveredAt),
            ArrayColumn.time("last_attempt_at", EventRecord::lastAttemptAt),
            new ArrayColumn<>("last_status_code", "int4", EventRecord::lastStatusCode),
            ArrayColumn.text("last_error", EventRecord::lastError),
            ArrayColumn.text("search_facets", EventRecord::searchFacets),
            ArrayColumn.text("search_ids", EventRecord::searchIds),
            ArrayColumn.time("due_at", EventRecord::dueAt),
            ArrayColumn.text("lease_owner", EventRecord::leaseOwner),
            ArrayColumn.time("lease_until", EventRecord::leaseUntil),
            ArrayColumn.text("created_by", EventRecord::createdBy),
            ArrayColumn.text("updated_by", EventRecord::updatedBy),
            ArrayColumn.time("created_at", EventRecord::createdAt),
            ArrayColumn.time("updated_at", EventRecord::updatedAt),
            new ArrayColumn<>("version", "int8", EventRecord::version));

    /** The shared values' parameters come first, where the select list names them; the arrays follow in unnest. */
    static final String SQL = "INSERT INTO event_records (" + ArrayColumn.names(EACH) + ", " + ArrayColumn.names(SHARED)
            + ") SELECT " + ArrayColumn.reads(EACH, "r") + ", " + ArrayColumn.shareds(SHARED)
            + " FROM " + ArrayColumn.unnest(EACH) + " AS r(" + ArrayColumn.names(EACH) + ")";

    @Inject
    Database database;

    /**
     * {@code records} are those {@link EventRecord#of} made of one publication, alike in every {@link #SHARED} column
     * (RecordInsertsTest); comparing all of those here cost a quarter of this call, so only the event is checked.
     */
    public void write(List<EventRecord> records) {
        if (!ofOnePublication(records)) {
            throw new IllegalArgumentException("records of different publications cannot be written as one");
        }
        database.insert(records, connection -> insert(connection, records));
    }

    static boolean ofOnePublication(List<EventRecord> records) {
        return records.stream().allMatch(record -> record.eventId().equals(records.get(0).eventId())
                && record.createdAt().equals(records.get(0).createdAt()));
    }

    private static void insert(Connection connection, List<EventRecord> records) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            int next = ArrayColumn.bindShared(insert, SHARED, records.get(0), 1);
            ArrayColumn.bind(connection, insert, EACH, records, next);
            insert.executeUpdate();
        }
    }
}
