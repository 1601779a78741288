package io.hookflow.events.control;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.events.entity.EventStatus;
import io.hookflow.subscriptions.control.SubscriptionDeleted;
import io.hookflow.subscriptions.control.SubscriptionEnabled;

/**
 * What happens to a subscription's records that are not delivered yet when the subscription changes: they fail
 * when it is deleted, and go at once when it is enabled again. Runs inside the subscription's transaction.
 */
@ApplicationScoped
@Transactional
public class UndeliveredRecords {

    /** Records settled per round trip; the persistence context is emptied between batches. */
    static final int BATCH = 500;
    /**
     * The hand-off names at most this many records; the engine's poll finds the rest, so a huge backlog does
     * not become one huge event.
     */
    static final int MAX_HANDED_OFF = 1000;

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Event<DeliveriesDue> deliveriesDue;

    void abandon(@Observes SubscriptionDeleted deleted) {
        List<EventRecord> batch;
        do {
            batch = undelivered(deleted.subscriptionId());
            batch.forEach(record -> record.abandonBecauseSubscriptionDeleted(deleted.user(), deleted.at()));
            em.flush();
            batch.forEach(em::detach);
        } while (batch.size() == BATCH);
    }

    void release(@Observes SubscriptionEnabled enabled) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(String.class);
        var root = query.from(EventRecord.class);
        query.select(root.get(EventRecord_.id))
                .where(cb.equal(root.get(EventRecord_.subscriptionId), enabled.subscriptionId()),
                        cb.lessThanOrEqualTo(root.get(EventRecord_.dueAt), enabled.at()))
                .orderBy(cb.asc(root.get(EventRecord_.dueAt)));
        List<String> due = em.createQuery(query).setMaxResults(MAX_HANDED_OFF).getResultList();
        if (!due.isEmpty()) {
            deliveriesDue.fire(new DeliveriesDue(due));
        }
    }

    /** Locked, so the engine's claim (SKIP LOCKED) passes them by while they are being failed. */
    private List<EventRecord> undelivered(String subscriptionId) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(EventRecord.class);
        var root = query.from(EventRecord.class);
        query.where(cb.equal(root.get(EventRecord_.subscriptionId), subscriptionId),
                        root.get(EventRecord_.status).in(EventStatus.PENDING, EventStatus.RETRYING))
                .orderBy(cb.asc(root.get(EventRecord_.id)));
        return em.createQuery(query)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setMaxResults(BATCH)
                .getResultList();
    }
}
