package io.hookflow.events.control;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;

import io.hookflow.events.entity.EventRecord;
import org.hibernate.Session;

/**
 * Writes the bookings of many event records in one {@code UPDATE} on PostgreSQL, each row only if it still has the
 * version it was read at. Hibernate writes an update statement per record, and PostgreSQL runs the table's
 * statement-level count triggers once per statement: per record, 27 % of PostgreSQL's time in a drain
 * (docs/benchmarks.md, eleventh round). One statement of arrays has one text whatever the batch's size, so it is
 * prepared once.
 */
@ApplicationScoped
public class ProgressUpdate {

    static final String SQL = """
            UPDATE event_records AS r SET status = p.status, attempts_count = p.attempts_count,
                next_retry_at = p.next_retry_at, delivered_at = p.delivered_at, last_attempt_at = p.last_attempt_at,
                last_status_code = p.last_status_code, last_error = p.last_error, search_text = p.search_text,
                due_at = p.due_at, lease_owner = p.lease_owner, lease_until = p.lease_until,
                updated_by = p.updated_by, updated_at = p.updated_at, version = r.version + 1
            FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::int[], ?::timestamptz[], ?::timestamptz[],
                        ?::timestamptz[], ?::int[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::varchar[],
                        ?::timestamptz[], ?::varchar[], ?::timestamptz[])
                AS p(id, version, status, attempts_count, next_retry_at, delivered_at, last_attempt_at,
                     last_status_code, last_error, search_text, due_at, lease_owner, lease_until, updated_by, updated_at)
            WHERE r.id = p.id AND r.version = p.version""";

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /**
     * Writes {@code records}, which the persistence context must not also write (they were loaded read-only), in the
     * caller's transaction.
     *
     * @throws OptimisticLockException if any of them changed since it was read: the caller's transaction then fails
     *                                 as a whole, as with Hibernate's own version check
     */
    public void write(Collection<EventRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<EventRecord.Progress> rows = records.stream().map(EventRecord::progress).toList();
        int written = em.unwrap(Session.class).doReturningWork(connection -> write(connection, rows));
        if (written != rows.size()) {
            throw new OptimisticLockException((rows.size() - written) + " of " + rows.size()
                    + " event records changed while their deliveries were booked");
        }
    }

    private static int write(Connection connection, List<EventRecord.Progress> rows) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(SQL)) {
            int i = 0;
            update.setArray(++i, texts(connection, rows, EventRecord.Progress::id));
            update.setArray(++i, connection.createArrayOf("int8", rows.stream().map(EventRecord.Progress::version).toArray(Long[]::new)));
            update.setArray(++i, texts(connection, rows, p -> p.status().name()));
            update.setArray(++i, connection.createArrayOf("int4", rows.stream().map(EventRecord.Progress::attemptsCount).toArray(Integer[]::new)));
            update.setArray(++i, times(connection, rows, EventRecord.Progress::nextRetryAt));
            update.setArray(++i, times(connection, rows, EventRecord.Progress::deliveredAt));
            update.setArray(++i, times(connection, rows, EventRecord.Progress::lastAttemptAt));
            update.setArray(++i, connection.createArrayOf("int4", rows.stream().map(EventRecord.Progress::lastStatusCode).toArray(Integer[]::new)));
            update.setArray(++i, texts(connection, rows, EventRecord.Progress::lastError));
            update.setArray(++i, texts(connection, rows, EventRecord.Progress::searchText));
            update.setArray(++i, times(connection, rows, EventRecord.Progress::dueAt));
            update.setArray(++i, texts(connection, rows, EventRecord.Progress::leaseOwner));
            update.setArray(++i, times(connection, rows, EventRecord.Progress::leaseUntil));
            update.setArray(++i, texts(connection, rows, EventRecord.Progress::updatedBy));
            update.setArray(++i, times(connection, rows, EventRecord.Progress::updatedAt));
            return update.executeUpdate();
        }
    }

    private static Array texts(Connection connection, List<EventRecord.Progress> rows,
                               Function<EventRecord.Progress, String> column) throws SQLException {
        return connection.createArrayOf("varchar", rows.stream().map(column).toArray(String[]::new));
    }

    /** As ISO-8601 text, which PostgreSQL reads as {@code timestamptz} in any session time zone. */
    private static Array times(Connection connection, List<EventRecord.Progress> rows,
                               Function<EventRecord.Progress, Instant> column) throws SQLException {
        return connection.createArrayOf("varchar", rows.stream().map(column)
                .map(at -> at == null ? null : at.toString()).toArray(String[]::new));
    }
}
