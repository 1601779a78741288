package io.hookflow.events.control;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.delivery.entity.DeliveryAttempt_;
import io.hookflow.delivery.entity.Lease_;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.platform.control.Expiring;

/**
 * Old event records and attempts go. A record in flight (leased) stays until its attempt is booked. Totals and
 * stats stay exact: the rollup triggers subtract what a delete removes.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class EventRetention implements Expiring {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Override
    public int deleteOlderThan(Instant cutoff, Instant now, int max) {
        return Math.max(deleteRecords(cutoff, now, max), deleteAttempts(cutoff, max));
    }

    private int deleteRecords(Instant cutoff, Instant now, int max) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(EventRecord.class);
        var root = query.from(EventRecord.class);
        query.where(cb.lessThan(root.get(EventRecord_.createdAt), cutoff),
                        cb.or(cb.isNull(root.get(EventRecord_.lease).get(Lease_.until)), cb.lessThan(root.get(EventRecord_.lease).get(Lease_.until), now)))
                .orderBy(cb.asc(root.get(EventRecord_.createdAt)));
        List<String> ids = em.createQuery(query)
                .setMaxResults(max)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", LeasedWork.SKIP_LOCKED)
                .getResultStream().map(EventRecord::id).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        var delete = cb.createCriteriaDelete(EventRecord.class);
        delete.where(delete.from(EventRecord.class).get(EventRecord_.id).in(ids));
        int deleted = em.createQuery(delete).executeUpdate();
        em.clear();
        return deleted;
    }

    private int deleteAttempts(Instant cutoff, int max) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(String.class);
        var root = query.from(DeliveryAttempt.class);
        query.select(root.get(DeliveryAttempt_.id)).where(cb.lessThan(root.get(DeliveryAttempt_.createdAt), cutoff))
                .orderBy(cb.asc(root.get(DeliveryAttempt_.createdAt)));
        List<String> ids = em.createQuery(query).setMaxResults(max).getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        var delete = cb.createCriteriaDelete(DeliveryAttempt.class);
        delete.where(delete.from(DeliveryAttempt.class).get(DeliveryAttempt_.id).in(ids));
        return em.createQuery(delete).executeUpdate();
    }
}
