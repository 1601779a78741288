package io.hookflow.events.control;

import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.delivery.entity.DeliveryAttempt_;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.platform.control.TimeWindow;
import org.hibernate.jpa.HibernateHints;

/**
 * Reads {@link SubscriptionStats}. On PostgreSQL from the rollup of {@code sql/postgresql/V51__subscription_stats_rollup.sql}
 * (a day is at most 1,440 minute rows per metric, whatever the number of records); elsewhere (embedded H2, a
 * single small node) from the records and attempts themselves.
 */
@ApplicationScoped
@Transactional
public class DeliveryStats {

    /** Folds the deltas into the rollup; one node at a time (the others skip), atomically. */
    static final String FOLD = """
            with lock as (select pg_try_advisory_xact_lock(7326115002) as held),
                 moved as (delete from subscription_stat_deltas where (select held from lock)
                           returning subscription_id, minute, metric, n),
                 summed as (select subscription_id, minute, metric, sum(n) as n from moved group by 1, 2, 3)
            insert into subscription_stats as s (subscription_id, minute, metric, n)
            select subscription_id, minute, metric, n from summed
            on conflict (subscription_id, minute, metric) do update set n = s.n + excluded.n""";

    // one statement, one snapshot: a fold running meanwhile moves numbers between the tables, never loses them
    private static final String READ = """
            select floor(extract(epoch from (minute - cast(:start as timestamptz))) / :bucket) as b, metric, sum(n)
            from (select minute, metric, n from subscription_stats
                  where subscription_id = :id and minute >= :start and minute < :end
                  union all
                  select minute, metric, n from subscription_stat_deltas
                  where subscription_id = :id and minute >= :start and minute < :end) as rows
            group by 1, 2""";

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    EventCounts counts;

    public SubscriptionStats of(String subscriptionId, TimeWindow asked, Instant now) {
        StatsWindow window = StatsWindow.of(asked, now);
        var tally = new SubscriptionStats.Tally(window);
        if (counts.available()) {
            fromRollup(subscriptionId, window, tally);
        } else {
            fromRows(subscriptionId, window, tally);
        }
        return tally.result(subscriptionId);
    }

    /** Folds the pending deltas; the number of rollup rows written. */
    public int fold() {
        return counts.available() ? em.createNativeQuery(FOLD).executeUpdate() : 0;
    }

    private void fromRollup(String subscriptionId, StatsWindow window, SubscriptionStats.Tally tally) {
        var query = em.createNativeQuery(READ)
                .setParameter("id", subscriptionId)
                .setParameter("start", OffsetDateTime.ofInstant(window.start(), java.time.ZoneOffset.UTC))
                .setParameter("end", OffsetDateTime.ofInstant(window.end(), java.time.ZoneOffset.UTC))
                .setParameter("bucket", window.bucket().toSeconds());
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            tally.add(((Number) columns[0]).intValue(), (String) columns[1], ((Number) columns[2]).longValue());
        }
    }

    private void fromRows(String subscriptionId, StatsWindow window, SubscriptionStats.Tally tally) {
        var cb = em.getCriteriaBuilder();
        var records = cb.createTupleQuery();
        var record = records.from(EventRecord.class);
        records.multiselect(record.get(EventRecord_.createdAt), record.get(EventRecord_.status)).where(
                cb.equal(record.get(EventRecord_.subscriptionId), subscriptionId),
                cb.greaterThanOrEqualTo(record.get(EventRecord_.createdAt), window.start()),
                cb.lessThan(record.get(EventRecord_.createdAt), window.end()));
        try (var rows = em.createQuery(records).setHint(HibernateHints.HINT_READ_ONLY, true).getResultStream()) {
            rows.forEach((Tuple t) -> tally.add(window.bucketOf(t.get(0, Instant.class)),
                    t.get(1, io.hookflow.events.entity.EventStatus.class).name(), 1));
        }
        var attempts = cb.createQuery(Long.class);
        var attempt = attempts.from(DeliveryAttempt.class);
        attempts.select(attempt.get(DeliveryAttempt_.latencyMs)).where(
                cb.equal(attempt.get(DeliveryAttempt_.subscriptionId), subscriptionId),
                cb.greaterThanOrEqualTo(attempt.get(DeliveryAttempt_.createdAt), window.start()),
                cb.lessThan(attempt.get(DeliveryAttempt_.createdAt), window.end()));
        try (var latencies = em.createQuery(attempts).getResultStream()) {
            latencies.forEach(ms -> tally.add(-1, "L" + SubscriptionStats.latencyBucket(ms), 1));
        }
    }
}
