package io.hookflow.platform.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.ParameterExpression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Selection;

import org.hibernate.jpa.HibernateHints;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;

/**
 * One page of a filtered list and the number of all matches, from the same conditions, so the items and
 * {@code total} can never disagree about what matches. A page that is not full already tells the total, so
 * the count runs only when there may be more than the page shows.
 *
 * <p>A {@link Listing} builds its criteria queries once per <em>shape</em> (which of its named values a call has)
 * and binds the values as parameters. Hibernate keeps the SQL of a criteria query it has seen before (with
 * {@code hibernate.criteria.copy_tree=false}, persistence.xml); building and translating the query again on
 * every call was a tenth of a list call's CPU (JFR). So conditions may decide <em>what</em> to compare only from
 * {@link Shape#has}, never from the values themselves.
 */
public final class Paging {

    private Paging() {
    }

    public record Page<T>(List<T> items, long total) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** The values of one call, by name; which names are present is the shape of its query. */
    public static final class Values {
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Values with(String name, Object value) {
            values.put(name, value);
            return this;
        }

        public Values with(String name, Optional<?> value) {
            value.ifPresent(present -> values.put(name, present));
            return this;
        }

        Set<String> names() {
            return Set.copyOf(values.keySet());
        }
    }

    /** While a shape's query is built: which values it has, and the one parameter that stands for each. */
    public static final class Shape {
        private final Set<String> names;
        private final CriteriaBuilder cb;
        private final Map<String, ParameterExpression<?>> parameters = new LinkedHashMap<>();

        Shape(Set<String> names, CriteriaBuilder cb) {
            this.names = names;
            this.cb = cb;
        }

        public boolean has(String name) {
            return names.contains(name);
        }

        @SuppressWarnings("unchecked")
        public <T> ParameterExpression<T> value(String name, Class<T> type) {
            if (!has(name)) {
                throw new IllegalStateException("the query uses " + name + " but the call has no such value");
            }
            return (ParameterExpression<T>) parameters.computeIfAbsent(name, n -> cb.parameter(type, n));
        }
    }

    /** The conditions of a list, built once per shape for the page query and once for the count. */
    @FunctionalInterface
    public interface Conditions<E> {
        List<Predicate> of(CriteriaBuilder cb, Root<E> root, Shape shape);
    }

    /** The order of a list; it must end with a unique key so pages never overlap. */
    @FunctionalInterface
    public interface Ordering<E> {
        List<Order> of(CriteriaBuilder cb, Root<E> root);
    }

    /** What a {@link Projection} reads of each match; each selection carries an alias to read it back by. */
    @FunctionalInterface
    public interface Columns<E> {
        Selected of(CriteriaBuilder cb, Root<E> root);
    }

    /**
     * The selections of a projection, and what to group its rows by when a selection aggregates (the list of a
     * collection's elements, say); {@code groupBy} is empty when none does.
     */
    public record Selected(List<Selection<?>> selections, List<Expression<?>> groupBy) {
        public Selected {
            selections = List.copyOf(selections);
            groupBy = List.copyOf(groupBy);
        }
    }

    public static <E> Listing<E> listing(Class<E> type, Conditions<E> conditions, Ordering<E> ordering) {
        return new Listing<>(type, conditions, ordering);
    }

    public static <E> Projection<E> projection(Listing<E> listing, Columns<E> columns) {
        return new Projection<>(listing, columns);
    }

    /**
     * A list read as columns instead of entities, with its total in the same statement ({@code count(*) over ()}).
     * For lists whose matches are few (a team's subscriptions), where counting them all costs nothing: reading
     * entities ran their converters (a subscription's three secrets decrypted for a list that shows none) and
     * filled the persistence context, and the separate count was a sixth of a one-row list call (JFR).
     * Not for lists of millions: the window count reads every match where a page query stops after a page.
     */
    public static final class Projection<E> {
        /** The alias of the total in each row. */
        public static final String TOTAL = "total";

        private final Listing<E> listing;
        private final Columns<E> columns;
        private final Map<Key, Built<Tuple>> pages = new ConcurrentHashMap<>();

        private Projection(Listing<E> listing, Columns<E> columns) {
            this.listing = listing;
            this.columns = columns;
        }

        public Page<Tuple> page(EntityManager em, Values values, int page, int size) {
            long offset = (long) (page - 1) * size;
            if (offset > Integer.MAX_VALUE) {
                return new Page<>(List.of(), listing.count(em, values));
            }
            CriteriaBuilder cb = em.getCriteriaBuilder();
            var built = pages.computeIfAbsent(new Key(cb, values.names()), key -> {
                // Hibernate's own builder: JPA's criteria API has no window functions
                var hcb = (HibernateCriteriaBuilder) cb;
                var shape = new Shape(key.names(), cb);
                var query = cb.createTupleQuery();
                Root<E> root = query.from(listing.type);
                var selected = columns.of(cb, root);
                List<Selection<?>> selections = new ArrayList<>(selected.selections());
                // over the groups when there are groups: still one row per match
                selections.add(hcb.count(root, hcb.createWindow()).alias(TOTAL));
                query.multiselect(selections)
                        .where(listing.conditions.of(cb, root, shape).toArray(Predicate[]::new))
                        .groupBy(selected.groupBy())
                        .orderBy(listing.ordering.of(cb, root));
                return Built.of(query, shape);
            });
            List<Tuple> rows = listing.bind(em.createQuery(built.query()), values)
                    .setFirstResult((int) offset)
                    .setMaxResults(size)
                    .getResultList();
            if (rows.isEmpty()) {
                // past the last page, the statement returned no row to carry the total
                return new Page<>(rows, offset == 0 ? 0 : listing.count(em, values));
            }
            return new Page<>(rows, rows.get(0).get(TOTAL, Long.class));
        }
    }

    /** A list of one entity type: its conditions and order. Keep one per list (a constant); it holds its queries. */
    public static final class Listing<E> {
        private final Class<E> type;
        private final Conditions<E> conditions;
        private final Ordering<E> ordering;
        private final Map<Key, Built<E>> pages = new ConcurrentHashMap<>();
        private final Map<Key, Built<Long>> counts = new ConcurrentHashMap<>();

        private Listing(Class<E> type, Conditions<E> conditions, Ordering<E> ordering) {
            this.type = type;
            this.conditions = conditions;
            this.ordering = ordering;
        }

        public Page<E> page(EntityManager em, Values values, int page, int size) {
            return page(em, values, page, size, () -> count(em, values));
        }

        /** As above, with {@code total} from {@code count} when it is needed (a cheaper way to the same number). */
        public Page<E> page(EntityManager em, Values values, int page, int size, LongSupplier count) {
            long offset = (long) (page - 1) * size;
            if (offset > Integer.MAX_VALUE) {
                return new Page<>(List.of(), count.getAsLong());
            }
            CriteriaBuilder cb = em.getCriteriaBuilder();
            var built = pages.computeIfAbsent(new Key(cb, values.names()), key -> {
                var shape = new Shape(key.names(), cb);
                var query = cb.createQuery(type);
                Root<E> root = query.from(type);
                query.select(root).where(conditions.of(cb, root, shape).toArray(Predicate[]::new))
                        .orderBy(ordering.of(cb, root));
                return Built.of(query, shape);
            });
            List<E> items = bind(em.createQuery(built.query()), values)
                    // listed, never changed: no snapshots to keep and nothing to dirty-check at commit
                    .setHint(HibernateHints.HINT_READ_ONLY, true)
                    .setFirstResult((int) offset)
                    .setMaxResults(size)
                    .getResultList();
            boolean lastPage = items.size() < size && (!items.isEmpty() || offset == 0);
            return new Page<>(items, lastPage ? offset + items.size() : count.getAsLong());
        }

        public long count(EntityManager em, Values values) {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            var built = counts.computeIfAbsent(new Key(cb, values.names()), key -> {
                var shape = new Shape(key.names(), cb);
                var query = cb.createQuery(Long.class);
                Root<E> root = query.from(type);
                query.select(cb.count(root)).where(conditions.of(cb, root, shape).toArray(Predicate[]::new));
                return Built.of(query, shape);
            });
            return bind(em.createQuery(built.query()), values).getSingleResult();
        }

        /** The conditions alone, for a query of another kind over the same matches (a bulk change by filter). */
        public List<Predicate> conditions(CriteriaBuilder cb, Root<E> root, Values values) {
            return conditions.of(cb, root, new Shape(values.names(), cb));
        }

        /** The values of {@link #conditions(CriteriaBuilder, Root, Values)}, once its query is created. */
        public <Q> TypedQuery<Q> bind(TypedQuery<Q> query, Values values) {
            values.values.forEach(query::setParameter);
            return query;
        }
    }

    /** One query per criteria builder (that is, per persistence unit) and shape. */
    private record Key(CriteriaBuilder builder, Set<String> names) {
    }

    /** A query built for one shape; its parameters are named after the values, so binding is by name. */
    private record Built<Q>(CriteriaQuery<Q> query) {

        static <Q> Built<Q> of(CriteriaQuery<Q> query, Shape shape) {
            if (!shape.parameters.keySet().equals(shape.names)) {
                throw new IllegalStateException("the conditions use " + shape.parameters.keySet() + " of " + shape.names);
            }
            return new Built<>(query);
        }
    }
}
