package io.hookflow.delivery.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.metamodel.SingularAttribute;

import io.hookflow.delivery.entity.Lease;
import io.hookflow.delivery.entity.Lease_;

/**
 * A table of work items that several server instances share: each row has a due time and an embedded
 * {@link Lease}. Every such table claims, counts and gives back its leases through this.
 *
 * <p>{@link #lockDue} selects rows that are due and not leased (or whose lease has lapsed), oldest due
 * first, and locks them with {@code FOR NO KEY UPDATE SKIP LOCKED} on PostgreSQL: a second claimer running
 * at the same moment skips the locked rows instead of waiting, so concurrent claimers get disjoint rows.
 * The caller then writes its lease on the rows it takes, in the same transaction. (H2 renders a plain
 * {@code FOR UPDATE}: correct, but claimers queue; the embedded database is a single-node setup.)
 *
 * @param <E> the entity
 */
public record LeasedWork<E>(Class<E> type, SingularAttribute<? super E, Instant> dueAt,
                            SingularAttribute<? super E, Lease> lease) {

    /** Hibernate's {@code LockOptions.SKIP_LOCKED}, as the standard lock-timeout hint takes it. */
    public static final int SKIP_LOCKED = -2;

    /** More conditions a claimer adds, for example "its subscription is enabled" or "not of a busy tenant". */
    @FunctionalInterface
    public interface Condition<E> {
        Predicate where(CriteriaBuilder cb, AbstractQuery<?> query, Root<E> root);
    }

    public List<E> lockDue(EntityManager em, Instant now, int max, List<Condition<E>> conditions) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var query = cb.createQuery(type);
        Root<E> root = query.from(type);
        query.where(due(cb, query, root, now, conditions)).orderBy(cb.asc(root.get(dueAt)));
        return em.createQuery(query)
                .setMaxResults(max)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .getResultList();
    }

    /** The due time of the oldest due, unleased row, if there is one: how late the engine is running. */
    public Optional<Instant> oldestDue(EntityManager em, Instant now, List<Condition<E>> conditions) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var query = cb.createQuery(Instant.class);
        Root<E> root = query.from(type);
        query.select(root.get(dueAt)).where(due(cb, query, root, now, conditions)).orderBy(cb.asc(root.get(dueAt)));
        return em.createQuery(query).setMaxResults(1).getResultStream().findFirst();
    }

    /** Rows not finished yet: due now or later, leased or not. */
    public long unfinished(EntityManager em) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var query = cb.createQuery(Long.class);
        Root<E> root = query.from(type);
        query.select(cb.count(root)).where(cb.isNotNull(root.get(dueAt)));
        return em.createQuery(query).getSingleResult();
    }

    public Backlog backlog(EntityManager em, Instant now, List<Condition<E>> conditions) {
        return new Backlog(unfinished(em), oldestDue(em, now, conditions));
    }

    /** Gives back every lease {@code owner} holds: its rows are due again at once for any node. */
    public int releaseAll(EntityManager em, String owner) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var update = cb.createCriteriaUpdate(type);
        Root<E> root = update.from(type);
        update.set(root.get(lease).get(Lease_.owner), cb.nullLiteral(String.class))
                .set(root.get(lease).get(Lease_.until), cb.nullLiteral(Instant.class))
                .where(cb.equal(root.get(lease).get(Lease_.owner), owner));
        return em.createQuery(update).executeUpdate();
    }

    private Predicate[] due(CriteriaBuilder cb, AbstractQuery<?> query, Root<E> root, Instant now,
                            List<Condition<E>> conditions) {
        Path<Instant> until = root.get(lease).get(Lease_.until);
        List<Predicate> where = new ArrayList<>();
        where.add(cb.lessThanOrEqualTo(root.get(dueAt), now));
        where.add(cb.or(cb.isNull(until), cb.lessThan(until, now)));
        conditions.forEach(condition -> where.add(condition.where(cb, query, root)));
        return where.toArray(Predicate[]::new);
    }
}
