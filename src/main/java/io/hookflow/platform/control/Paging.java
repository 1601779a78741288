package io.hookflow.platform.control;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.hibernate.jpa.HibernateHints;

/**
 * One page of a filtered list and the number of all matches, from the same conditions, so the items and
 * {@code total} can never disagree about what matches.
 */
public final class Paging {

    private Paging() {
    }

    public record Page<T>(List<T> items, long total) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** The conditions of a list, built once for the page query and once for the count. */
    @FunctionalInterface
    public interface Conditions<E> {
        List<Predicate> of(CriteriaBuilder cb, Root<E> root);
    }

    /** The order of a list; it must end with a unique key so pages never overlap. */
    @FunctionalInterface
    public interface Ordering<E> {
        List<Order> of(CriteriaBuilder cb, Root<E> root);
    }

    public static <E> Page<E> fetch(EntityManager em, Class<E> type, Conditions<E> conditions, Ordering<E> ordering,
                                    int page, int size) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        long total = count(em, type, conditions);
        long offset = (long) (page - 1) * size;
        if (total == 0 || offset >= total) {
            return new Page<>(List.of(), total);
        }
        var query = cb.createQuery(type);
        Root<E> root = query.from(type);
        query.select(root).where(conditions.of(cb, root).toArray(Predicate[]::new)).orderBy(ordering.of(cb, root));
        List<E> items = em.createQuery(query)
                // listed, never changed: no snapshots to keep and nothing to dirty-check at commit
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .setFirstResult((int) offset)
                .setMaxResults(size)
                .getResultList();
        return new Page<>(items, total);
    }

    private static <E> long count(EntityManager em, Class<E> type, Conditions<E> conditions) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var count = cb.createQuery(Long.class);
        Root<E> root = count.from(type);
        count.select(cb.count(root)).where(conditions.of(cb, root).toArray(Predicate[]::new));
        return em.createQuery(count).getSingleResult();
    }
}
