package io.hookflow.events.control;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.AttemptLedger;
import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.delivery.entity.Lease_;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.events.entity.EventStatus;
import io.hookflow.platform.control.Expiring;

/**
 * Old finished event records (delivered, or failed for good) go with their attempts. A record still waiting
 * (pending or retrying, for example held back by an open circuit breaker, which promises to lose nothing) stays
 * with its attempts whatever its age, and so does one in flight (leased). Totals and stats stay exact: the rollup
 * triggers subtract what a delete removes.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class EventRetention implements Expiring {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Override
    public int deleteOlderThan(Instant cutoff, Instant now, int max) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(EventRecord.class);
        var root = query.from(EventRecord.class);
        var leaseUntil = root.get(EventRecord_.lease).get(Lease_.until);
        query.where(cb.lessThan(root.get(EventRecord_.createdAt), cutoff),
                        root.get(EventRecord_.status).in(EventStatus.DELIVERED, EventStatus.FAILED),
                        cb.or(cb.isNull(leaseUntil), cb.lessThan(leaseUntil, now)))
                .orderBy(cb.asc(root.get(EventRecord_.createdAt)));
        List<String> ids = em.createQuery(query)
                .setMaxResults(max)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", LeasedWork.SKIP_LOCKED)
                .getResultStream().map(EventRecord::id).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        AttemptLedger.forget(em, EventDeliveries.KIND, ids);
        var delete = cb.createCriteriaDelete(EventRecord.class);
        delete.where(delete.from(EventRecord.class).get(EventRecord_.id).in(ids));
        int deleted = em.createQuery(delete).executeUpdate();
        em.clear();
        return deleted;
    }
}
