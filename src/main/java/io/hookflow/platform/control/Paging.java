package io.hookflow.platform.control;

import java.util.List;
import java.util.function.LongSupplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.hibernate.jpa.HibernateHints;

/**
 * One page of a filtered list and the number of all matches, from the same conditions, so the items and
 * {@code total} can never disagree about what matches. A page that is not full already tells the total, so
 * the count runs only when there may be more than the page shows.
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
        return fetch(em, type, conditions, ordering, page, size, () -> count(em, type, conditions));
    }

    /** As above, with {@code total} from {@code count} when it is needed (a cheaper way to the same number). */
    public static <E> Page<E> fetch(EntityManager em, Class<E> type, Conditions<E> conditions, Ordering<E> ordering,
                                    int page, int size, LongSupplier count) {
        long offset = (long) (page - 1) * size;
        if (offset > Integer.MAX_VALUE) {
            return new Page<>(List.of(), count.getAsLong());
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var query = cb.createQuery(type);
        Root<E> root = query.from(type);
        query.select(root).where(conditions.of(cb, root).toArray(Predicate[]::new)).orderBy(ordering.of(cb, root));
        List<E> items = em.createQuery(query)
                // listed, never changed: no snapshots to keep and nothing to dirty-check at commit
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .setFirstResult((int) offset)
                .setMaxResults(size)
                .getResultList();
        boolean lastPage = items.size() < size && (!items.isEmpty() || offset == 0);
        return new Page<>(items, lastPage ? offset + items.size() : count.getAsLong());
    }

    public static <E> long count(EntityManager em, Class<E> type, Conditions<E> conditions) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var count = cb.createQuery(Long.class);
        Root<E> root = count.from(type);
        count.select(cb.count(root)).where(conditions.of(cb, root).toArray(Predicate[]::new));
        return em.createQuery(count).getSingleResult();
    }
}
