package io.hookflow.events.control;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.Database;
import io.hookflow.events.entity.EventStatus;
import io.hookflow.subscriptions.entity.WorkflowAction;

/**
 * Exact numbers of event records per team, UTC day of creation, action and status, kept by the PostgreSQL
 * triggers of {@code sql/postgresql/V2_2__event_count_rollup.sql} (folded counts plus not yet folded deltas).
 * Absent on other databases, where totals are counted row by row.
 */
@ApplicationScoped
@Transactional
public class EventCounts {

    /** Folds the deltas into the counts; one node at a time (the others skip), atomically. */
    static final String FOLD = """
            with lock as (select pg_try_advisory_xact_lock(7326115001) as held),
                 moved as (delete from event_count_deltas where (select held from lock) returning team_id, day, action, status, n),
                 summed as (select team_id, day, action, status, sum(n) as n from moved group by 1, 2, 3, 4)
            insert into event_counts as c (team_id, day, action, status, n)
            select team_id, day, action, status, n from summed
            on conflict (team_id, day, action, status) do update set n = c.n + excluded.n""";

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Database database;

    public boolean available() {
        return database.postgres();
    }

    /** The team's records created on the days {@code [from, to)} (either end open) with that action and status. */
    long sum(String teamId, Optional<LocalDate> from, Optional<LocalDate> to, Optional<WorkflowAction> action,
             Optional<EventStatus> status) {
        StringBuilder where = new StringBuilder("team_id = :team");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("team", teamId);
        from.ifPresent(day -> {
            where.append(" and day >= :from");
            parameters.put("from", day);
        });
        to.ifPresent(day -> {
            where.append(" and day < :to");
            parameters.put("to", day);
        });
        action.ifPresent(a -> {
            where.append(" and action = :action");
            parameters.put("action", a.name());
        });
        status.ifPresent(s -> {
            where.append(" and status = :status");
            parameters.put("status", s.name());
        });
        // one statement, one snapshot: a fold running meanwhile moves numbers between the tables, never loses them
        var query = em.createNativeQuery("select coalesce((select sum(n) from event_counts where " + where
                + "), 0) + coalesce((select sum(n) from event_count_deltas where " + where + "), 0)");
        parameters.forEach(query::setParameter);
        return ((Number) query.getSingleResult()).longValue();
    }

    /** Folds the pending deltas; the number of count rows written. */
    public int fold() {
        return available() ? em.createNativeQuery(FOLD).executeUpdate() : 0;
    }
}
