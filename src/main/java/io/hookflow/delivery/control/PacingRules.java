package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.ParameterExpression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.metamodel.SingularAttribute;

import io.hookflow.delivery.entity.Pacing;
import io.hookflow.delivery.entity.Pacing_;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The circuit breaker and the rate limit, one set of rules for every kind of target a feature paces (a
 * subscription, a flow) through its {@link Pacing}: when the breaker opens ({@value #DISABLE_AFTER_FAILURES}
 * terminal failures in a row spanning at least {@value #DISABLE_AFTER_SECONDS}), which held targets claims skip,
 * and how much claimed work a rate-limited target's bucket admits.
 */
@ApplicationScoped
public class PacingRules {

    public static final String DISABLE_AFTER_FAILURES = "hookflow.delivery.disable-after-failures";
    public static final String DISABLE_AFTER_SECONDS = "hookflow.delivery.disable-after-seconds";
    /** Who the breaker's own writes are by. */
    public static final String BREAKER = "circuit-breaker";
    /** A receiver's Retry-After pauses its target at most this long, as it lengthens a backoff at most. */
    public static final Duration MAX_PAUSE = Duration.ofMinutes(30);

    private int disableAfterFailures;
    private Duration disableAfter;

    @PostConstruct
    void configure() {
        var config = ConfigProvider.getConfig(PacingRules.class.getClassLoader());
        disableAfterFailures = config.getOptionalValue(DISABLE_AFTER_FAILURES, Integer.class).orElse(50);
        disableAfter = Duration.ofSeconds(config.getOptionalValue(DISABLE_AFTER_SECONDS, Long.class).orElse(86_400L));
    }

    /** Whether the target's failures in a row now open its breaker. */
    public boolean opens(Pacing pacing, Instant now) {
        return pacing.failingFor(disableAfterFailures, disableAfter, now);
    }

    /** Why the breaker opened, for the target's {@code disabled_reason}: "{n} {work} in a row failed for good since {t}". */
    public static String failing(Pacing pacing, String work) {
        return pacing.consecutiveFailures() + " " + work + " in a row failed for good since "
                + pacing.failingSince().truncatedTo(ChronoUnit.SECONDS);
    }

    /** A claim condition's core: the target whose pacing this is holds its work back now. */
    public static jakarta.persistence.criteria.Predicate held(CriteriaBuilder cb, Path<Pacing> pacing, Expression<Instant> now) {
        return cb.greaterThan(pacing.get(Pacing_.heldUntil), now);
    }

    /**
     * A target's state row, locked for the rest of the transaction, only if its pacing counts failures that a
     * success must reset: a success at a healthy target (the common case) then writes nothing.
     */
    public static <S, K> Optional<S> lockedIfFailing(EntityManager em, Class<S> type, SingularAttribute<? super S, K> key,
                                                     SingularAttribute<? super S, Pacing> pacing, K target) {
        var cb = em.getCriteriaBuilder();
        @SuppressWarnings("unchecked")
        var lookup = (FailingLookup<S, K>) FAILING_LOOKUPS.computeIfAbsent(List.of(cb, type, key, pacing), shape -> {
            var query = cb.createQuery(type);
            var root = query.from(type);
            ParameterExpression<K> id = cb.parameter(key.getJavaType());
            query.where(cb.equal(root.get(key), id), cb.greaterThan(root.get(pacing).get(Pacing_.consecutiveFailures), 0));
            return new FailingLookup<>(query, id);
        });
        return em.createQuery(lookup.query())
                .setParameter(lookup.target(), target)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList() // a key's one row: a result stream would open a scrollable cursor for it (JFR: 4 % of a drain)
                .stream()
                .findFirst();
    }

    /**
     * The query of {@link #lockedIfFailing}, built once per kind of target: it runs for every booked batch, and a query
     * built anew is translated anew (JFR: most of its cost), where Hibernate finds a query it has seen in its plan cache
     * ({@code hibernate.criteria.copy_tree=false}).
     */
    private record FailingLookup<S, K>(CriteriaQuery<S> query, ParameterExpression<K> target) {
    }

    private static final Map<List<Object>, FailingLookup<?, ?>> FAILING_LOOKUPS = new ConcurrentHashMap<>();

    /**
     * Takes rate-limit tokens for claimed work of rate-limited targets; the answer admits a piece of work while
     * its target has tokens left. {@code lockedPacing} locks a target's state for the rest of the claim (called in
     * target order, so two claims never wait on each other in a circle); an absent one admits everything.
     */
    public static <T, K extends Comparable<? super K>> Predicate<T> admission(List<T> due, Function<T, K> target,
            Function<K, Optional<Integer>> perSecond, Function<K, Optional<Pacing>> lockedPacing, Instant now) {
        Map<K, Long> wanted = due.stream()
                .filter(work -> perSecond.apply(target.apply(work)).isPresent())
                .collect(Collectors.groupingBy(target, TreeMap::new, Collectors.counting()));
        if (wanted.isEmpty()) {
            return work -> true;
        }
        Map<K, Integer> granted = new HashMap<>();
        wanted.forEach((key, count) -> lockedPacing.apply(key).ifPresent(pacing -> granted.put(key,
                pacing.take(perSecond.apply(key).orElseThrow(), count.intValue(), now))));
        return work -> {
            K key = target.apply(work);
            Integer left = granted.get(key);
            if (left == null) {
                return true;
            }
            granted.put(key, left - 1);
            return left > 0;
        };
    }
}
