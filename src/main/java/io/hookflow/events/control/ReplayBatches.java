package io.hookflow.events.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.delivery.entity.Lease_;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.events.entity.EventStatus;
import io.hookflow.platform.control.Database;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.Subscription_;

/** One batch of a bulk replay, in a transaction of its own (see {@link EventReplay}). */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class ReplayBatches {

    static final int SIZE = 500;

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Event<DeliveriesDue> deliveriesDue;

    @Inject
    Database database;

    /** @param lastId the highest id this batch looked at; the next batch starts after it */
    public record Batch(int replayed, Optional<String> lastId, boolean full) {
    }

    public Batch replay(EventFilter filter, Optional<String> after, Instant began, String user) {
        if (filter.search().isPresent()) {
            database.planForTheValuesGiven();
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var query = cb.createQuery(EventRecord.class);
        Root<EventRecord> root = query.from(EventRecord.class);
        var values = EventSearch.values(filter);
        List<Predicate> where = new ArrayList<>(EventSearch.LISTING.conditions(cb, root, values));
        after.ifPresent(id -> where.add(cb.greaterThan(root.get(EventRecord_.id), id)));
        query.where(where.toArray(Predicate[]::new)).orderBy(cb.asc(root.get(EventRecord_.id)));
        List<EventRecord> matches = EventSearch.LISTING.bind(em.createQuery(query), values)
                .setMaxResults(SIZE)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", LeasedWork.SKIP_LOCKED)
                .getResultList();
        if (matches.isEmpty()) {
            return new Batch(0, after, false);
        }
        List<String> ids = matches.stream().filter(r -> replayable(r, began)).map(EventRecord::id).toList();
        List<String> replayed = ids.isEmpty() ? List.of() : retryNow(withLiveSubscription(ids), began, user);
        if (!replayed.isEmpty()) {
            deliveriesDue.fire(new DeliveriesDue(replayed));
        }
        em.clear();
        return new Batch(replayed.size(), Optional.of(matches.get(matches.size() - 1).id()), matches.size() == SIZE);
    }

    /** Due already, in flight, or changed since the replay began (another replay took it): left as it is. */
    private static boolean replayable(EventRecord record, Instant began) {
        boolean dueNow = record.dueAt() != null && !record.dueAt().isAfter(began);
        boolean leased = record.leaseUntil() != null && record.leaseUntil().isAfter(began);
        return !dueNow && !leased && record.updatedAt().isBefore(began);
    }

    /** As the manual retry: a record whose subscription was deleted has nowhere to go. */
    private List<String> withLiveSubscription(List<String> ids) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var query = cb.createQuery(String.class);
        Root<EventRecord> root = query.from(EventRecord.class);
        var subquery = query.subquery(String.class);
        var subscription = subquery.from(Subscription.class);
        subquery.select(subscription.get(Subscription_.id))
                .where(cb.equal(subscription.get(Subscription_.id), root.get(EventRecord_.subscriptionId)));
        query.select(root.get(EventRecord_.id)).where(root.get(EventRecord_.id).in(ids), cb.exists(subquery));
        return em.createQuery(query).getResultList();
    }

    /** {@link EventRecord#retryNow} for the whole batch in one statement (the rows are locked and unleased). */
    private List<String> retryNow(List<String> ids, Instant now, String user) {
        if (ids.isEmpty()) {
            return ids;
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var update = cb.createCriteriaUpdate(EventRecord.class);
        Root<EventRecord> root = update.from(EventRecord.class);
        update.set(root.get(EventRecord_.status), EventStatus.PENDING)
                .set(root.get(EventRecord_.dueAt), now)
                .set(root.get(EventRecord_.nextRetryAt), cb.nullLiteral(Instant.class))
                .set(root.get(EventRecord_.deliveredAt), cb.nullLiteral(Instant.class))
                .set(root.get(EventRecord_.lease).get(Lease_.owner), cb.nullLiteral(String.class))
                .set(root.get(EventRecord_.lease).get(Lease_.until), cb.nullLiteral(Instant.class))
                .set(root.get(EventRecord_.updatedBy), user)
                .set(root.get(EventRecord_.updatedAt), now)
                .set(root.get(EventRecord_.version), cb.sum(root.get(EventRecord_.version), 1L))
                .where(root.get(EventRecord_.id).in(ids));
        em.createQuery(update).executeUpdate();
        return ids;
    }
}
