package io.hookflow.delivery.control;

import java.lang.reflect.Field;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import jakarta.persistence.Column;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.Version;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.ParameterExpression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.metamodel.SingularAttribute;

import io.hookflow.delivery.entity.Lease;
import io.hookflow.delivery.entity.Lease_;
import io.hookflow.platform.control.Database;
import org.hibernate.Session;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.hibernate.query.criteria.JpaCriteriaUpdate;

/**
 * A table of work items that several server instances share: each row has a due time and an embedded
 * {@link Lease}. Every such table claims, counts and gives back its leases through this.
 *
 * <p>{@link #lockDue} selects rows that are due and not leased (or whose lease has lapsed), oldest due
 * first, and locks them with {@code FOR NO KEY UPDATE SKIP LOCKED} on PostgreSQL: a second claimer running
 * at the same moment skips the locked rows instead of waiting, so concurrent claimers get disjoint rows.
 * The caller then writes its lease on the rows it takes, in the same transaction, itself or through
 * {@link #lease}. (H2 renders a plain {@code FOR UPDATE}: correct, but claimers queue; the embedded database
 * is a single-node setup.)
 *
 * @param <E> the entity
 */
public record LeasedWork<E>(Class<E> type, SingularAttribute<? super E, ?> id,
                            SingularAttribute<? super E, Instant> dueAt, SingularAttribute<? super E, Lease> lease) {

    static final int MAX_IDS_PER_LEASE_UPDATE = 1000;

    /** Hibernate's {@code LockOptions.SKIP_LOCKED}, as the standard lock-timeout hint takes it. */
    public static final int SKIP_LOCKED = -2;

    /** More conditions a claimer adds, for example "its subscription is enabled" or "not of a busy tenant". */
    @FunctionalInterface
    public interface Condition<E> {
        Predicate where(CriteriaBuilder cb, AbstractQuery<?> query, Root<E> root, Parameters parameters);
    }

    /**
     * What conditions compare with: the claim's moment and the lists a claim passes by name, as parameters. A
     * condition may decide what to compare only from {@link #has}, never from the values.
     */
    public interface Parameters {
        Expression<Instant> now();

        boolean has(String list);

        Expression<Collection<?>> list(String name);
    }

    /**
     * Locks up to {@code max} due rows. Its query is built once per shape (the conditions, which of {@code lists}
     * are there) and its values bound as parameters, so Hibernate finds its SQL in the plan cache: built anew, the
     * claim was translated anew for every claim (JFR: a tenth of the engine's CPU). How long the claim took goes to
     * {@code statistics}, which refreshes the table's planner statistics when it was slow.
     */
    public List<E> lockDue(EntityManager em, Instant now, int max, List<Condition<E>> conditions,
                           Map<String, ? extends Collection<?>> lists, ClaimStatistics statistics) {
        var built = built("lock", em, conditions, lists.keySet(), (cb, shape) -> {
            var query = cb.createQuery(type);
            Root<E> root = query.from(type);
            return query.where(due(cb, query, root, shape, conditions)).orderBy(cb.asc(root.get(dueAt)));
        });
        long started = System.nanoTime();
        List<E> due = built.bind(em.createQuery(built.query()), now, lists)
                .setMaxResults(max)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .getResultList();
        statistics.claimTook(type, Duration.ofNanos(System.nanoTime() - started));
        return due;
    }

    /**
     * Writes the leases of rows the caller locked with {@link #lockDue} and keeps: one statement for all rows that
     * share a lease end. Written entity by entity, a claim of a hundred rows was a hundred updates of every column,
     * each also running the table's statement-level triggers on PostgreSQL; one statement costs the database a
     * third to a half of that (docs/benchmarks.md, tenth round). The version goes up as an entity update's would,
     * so a booking that read one of these rows before this claim still fails on it. The rows' entities are
     * detached, because their lease and version in memory are stale now; the caller must not have changed them.
     */
    public void lease(EntityManager em, Database database, String owner, Map<Instant, List<E>> rowsByLeaseEnd) {
        Objects.requireNonNull(owner, "owner");
        boolean asArray = database.postgres();
        rowsByLeaseEnd.forEach((until, rows) -> {
            Objects.requireNonNull(until, "until");
            if (asArray) {
                leaseAsArray(em, owner, until, rows);
                return;
            }
            // the claim batch is an operator's setting: a bound keeps each statement within any driver's parameter limit
            for (int from = 0; from < rows.size(); from += MAX_IDS_PER_LEASE_UPDATE) {
                lease(em, owner, until, rows.subList(from, Math.min(rows.size(), from + MAX_IDS_PER_LEASE_UPDATE)));
            }
        });
    }

    /**
     * PostgreSQL: the ids as one array parameter, so the statement has one text whatever the claim's size and the
     * driver prepares it once. The criteria update, a parameter per id, was built and translated again on every
     * claim (JFR: 8.7 % of a drain's samples). Written as Hibernate's versioned update writes it.
     */
    private void leaseAsArray(EntityManager em, String owner, Instant until, List<E> rows) {
        var identifiers = em.getEntityManagerFactory().getPersistenceUnitUtil();
        Object[] ids = rows.stream().map(identifiers::getIdentifier).toArray();
        String sql = leaseStatement(type, id.getName());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, owner);
                update.setObject(2, until.atOffset(ZoneOffset.UTC));
                update.setArray(3, connection.createArrayOf(arrayType(), ids));
                update.executeUpdate();
            }
        });
        rows.forEach(em::detach);
    }

    /**
     * {@code UPDATE} of the lease by ids, with the table's and columns' names as the entity's annotations map them,
     * raising the version where the entity has one.
     */
    static String leaseStatement(Class<?> type, String idAttribute) {
        String idColumn;
        try {
            idColumn = column(type.getDeclaredField(idAttribute));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(type.getSimpleName() + " declares no field " + idAttribute, e);
        }
        String raiseVersion = Arrays.stream(type.getDeclaredFields()).filter(field -> field.isAnnotationPresent(Version.class))
                .map(LeasedWork::column).findFirst().map(version -> ", " + version + " = " + version + " + 1").orElse("");
        return "UPDATE " + type.getAnnotation(Table.class).name() + " SET " + Lease.OWNER_COLUMN + " = ?, "
                + Lease.UNTIL_COLUMN + " = ?" + raiseVersion + " WHERE " + idColumn + " = ANY (?)";
    }

    private static String column(Field field) {
        Column column = field.getAnnotation(Column.class);
        return column != null && !column.name().isEmpty() ? column.name() : field.getName();
    }

    private String arrayType() {
        if (id.getJavaType() == String.class) {
            return "varchar";
        }
        if (id.getJavaType() == UUID.class) {
            return "uuid";
        }
        throw new IllegalStateException("no SQL array type for ids of " + id.getJavaType());
    }

    private void lease(EntityManager em, String owner, Instant until, List<E> rows) {
        var identifiers = em.getEntityManagerFactory().getPersistenceUnitUtil();
        var cb = (HibernateCriteriaBuilder) em.getCriteriaBuilder();
        JpaCriteriaUpdate<E> update = cb.createCriteriaUpdate(type);
        Root<E> root = update.from(type);
        update.set(root.get(lease).get(Lease_.owner), owner)
                .set(root.get(lease).get(Lease_.until), until)
                .where(root.get(id).in(rows.stream().map(identifiers::getIdentifier).toList()))
                .versioned();
        // no flush first: these rows are unchanged, and the rest of the context is flushed at commit as always
        em.createQuery(update).setFlushMode(FlushModeType.COMMIT).executeUpdate();
        rows.forEach(em::detach);
    }

    /** The due time of the oldest due, unleased row, if there is one: how late the engine is running. */
    public Optional<Instant> oldestDue(EntityManager em, Instant now, List<Condition<E>> conditions) {
        var built = built("oldest", em, conditions, Set.of(), (cb, shape) -> {
            var query = cb.createQuery(Instant.class);
            Root<E> root = query.from(type);
            return query.select(root.get(dueAt)).where(due(cb, query, root, shape, conditions)).orderBy(cb.asc(root.get(dueAt)));
        });
        return built.bind(em.createQuery(built.query()), now, Map.of()).setMaxResults(1).getResultStream().findFirst();
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

    private Predicate[] due(CriteriaBuilder cb, AbstractQuery<?> query, Root<E> root, Shape shape,
                            List<Condition<E>> conditions) {
        Path<Instant> until = root.get(lease).get(Lease_.until);
        List<Predicate> where = new ArrayList<>();
        where.add(cb.lessThanOrEqualTo(root.get(dueAt), shape.now()));
        where.add(cb.or(cb.isNull(until), cb.lessThan(until, shape.now())));
        conditions.forEach(condition -> where.add(condition.where(cb, query, root, shape)));
        return where.toArray(Predicate[]::new);
    }

    private static final Map<List<Object>, Built<?>> BUILT = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private <R> Built<R> built(String kind, EntityManager em, List<Condition<E>> conditions, Set<String> lists,
                               BiFunction<CriteriaBuilder, Shape, CriteriaQuery<R>> build) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        // conditions are constants, so the list of them names the shape
        List<Object> key = List.of(kind, cb, this, List.copyOf(conditions), Set.copyOf(lists));
        return (Built<R>) BUILT.computeIfAbsent(key, unused -> {
            Shape shape = new Shape(cb, Set.copyOf(lists));
            CriteriaQuery<R> query = build.apply(cb, shape);
            return new Built<>(query, shape.now, Map.copyOf(shape.lists));
        });
    }

    private record Built<R>(CriteriaQuery<R> query, ParameterExpression<Instant> now,
                            Map<String, ParameterExpression<Collection<?>>> lists) {

        TypedQuery<R> bind(TypedQuery<R> typed, Instant at, Map<String, ? extends Collection<?>> values) {
            typed.setParameter(now, at);
            lists.forEach((name, parameter) -> typed.setParameter(parameter, values.get(name)));
            return typed;
        }
    }

    private static final class Shape implements Parameters {
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static final Class<Collection<?>> COLLECTION = (Class) Collection.class;

        private final CriteriaBuilder cb;
        private final Set<String> names;
        private final ParameterExpression<Instant> now;
        private final Map<String, ParameterExpression<Collection<?>>> lists = new HashMap<>();

        Shape(CriteriaBuilder cb, Set<String> names) {
            this.cb = cb;
            this.names = names;
            this.now = cb.parameter(Instant.class, "now");
        }

        @Override
        public Expression<Instant> now() {
            return now;
        }

        @Override
        public boolean has(String list) {
            return names.contains(list);
        }

        @Override
        public Expression<Collection<?>> list(String name) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("the claim passes no list " + name);
            }
            return lists.computeIfAbsent(name, n -> cb.parameter(COLLECTION, n));
        }
    }
}
