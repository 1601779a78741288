package io.hookflow.events.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.platform.control.ArrayColumn;
import org.hibernate.Session;

/**
 * Writes the bookings of many event records in one {@code UPDATE} on PostgreSQL, each row only if it still has the
 * version it was read at. Hibernate writes an update statement per record, and PostgreSQL runs the table's
 * statement-level count triggers once per statement: per record, 27 % of PostgreSQL's time in a drain
 * (docs/benchmarks.md, eleventh round). One statement of arrays has one text whatever the batch's size, so it is
 * prepared once; it is generated from {@link #COLUMNS} ({@link ArrayColumn}), so each array is bound where its column stands.
 */
@ApplicationScoped
public class ProgressUpdate {

    /** In the order of {@link EventRecord.Progress}'s components. */
    static final List<ArrayColumn<EventRecord.Progress>> COLUMNS = List.of(
            ArrayColumn.text("id", EventRecord.Progress::id),
            new ArrayColumn<>("version", "int8", EventRecord.Progress::version),
            ArrayColumn.text("status", p -> p.status().name()),
            new ArrayColumn<>("attempts_count", "int4", EventRecord.Progress::attemptsCount),
            ArrayColumn.time("next_retry_at", EventRecord.Progress::nextRetryAt),
            ArrayColumn.time("delivered_at", EventRecord.Progress::deliveredAt),
            ArrayColumn.time("last_attempt_at", EventRecord.Progress::lastAttemptAt),
            new ArrayColumn<>("last_status_code", "int4", EventRecord.Progress::lastStatusCode),
            ArrayColumn.text("last_error", EventRecord.Progress::lastError),
            ArrayColumn.text("search_facets", EventRecord.Progress::searchFacets),
            ArrayColumn.time("due_at", EventRecord.Progress::dueAt),
            ArrayColumn.text("lease_owner", EventRecord.Progress::leaseOwner),
            ArrayColumn.time("lease_until", EventRecord.Progress::leaseUntil),
            ArrayColumn.text("updated_by", EventRecord.Progress::updatedBy),
            ArrayColumn.time("updated_at", EventRecord.Progress::updatedAt));

    /** The key and the version it was read at select the row; every other column is set. */
    private static final List<String> SELECTING = List.of("id", "version");

    static final String SQL = "UPDATE event_records AS r SET "
            + COLUMNS.stream().filter(column -> !SELECTING.contains(column.name()))
                    .map(column -> column.name() + " = " + column.read("p")).collect(Collectors.joining(", "))
            + ", version = r.version + 1 FROM " + ArrayColumn.unnest(COLUMNS) + " AS p(" + ArrayColumn.names(COLUMNS)
            + ") WHERE r.id = p.id AND r.version = p.version RETURNING r.id";

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /**
     * Writes {@code records}, which the persistence context must not also write (they were loaded read-only or are
     * detached), in the caller's transaction.
     *
     * @throws OptimisticLockException if any of them changed since it was read: the caller's transaction then fails
     *                                 as a whole, as with Hibernate's own version check
     */
    public void write(Collection<EventRecord> records) {
        int written = writeUnchanged(records).size();
        if (written != records.size()) {
            throw new OptimisticLockException((records.size() - written) + " of " + records.size()
                    + " event records changed while their deliveries were booked");
        }
    }

    /**
     * Writes those of {@code records} (distinct rows) whose row still has the version they carry, and leaves the
     * others as they are.
     *
     * @return the ids of the records written
     */
    public Set<String> writeUnchanged(Collection<EventRecord> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        List<EventRecord.Progress> rows = inLockOrder(records.stream().map(EventRecord::progress).toList());
        return em.unwrap(Session.class).doReturningWork(connection -> write(connection, rows));
    }

    /**
     * The statement locks rows in the order it reaches them, the arrays' order. In id order, as the settling of a
     * deleted subscription's records locks them, a booking and a delete never wait for each other in a circle (in
     * the order deliveries finished they did: a deadlock, and the delete answered 500).
     */
    static List<EventRecord.Progress> inLockOrder(List<EventRecord.Progress> rows) {
        return rows.stream().sorted(Comparator.comparing(EventRecord.Progress::id)).toList();
    }

    private static Set<String> write(Connection connection, List<EventRecord.Progress> rows) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(SQL)) {
            ArrayColumn.bind(connection, update, COLUMNS, rows);
            Set<String> written = new HashSet<>();
            try (ResultSet ids = update.executeQuery()) {
                while (ids.next()) {
                    written.add(ids.getString(1));
                }
            }
            return written;
        }
    }
}
