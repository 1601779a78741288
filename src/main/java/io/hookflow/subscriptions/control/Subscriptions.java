package io.hookflow.subscriptions.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Selection;
import jakarta.persistence.metamodel.SingularAttribute;
import jakarta.transaction.Transactional;

import org.hibernate.query.criteria.HibernateCriteriaBuilder;

import io.hookflow.platform.control.NotFound;
import io.hookflow.platform.control.Invalid;
import io.hookflow.delivery.control.TargetGuard;
import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.Like;
import io.hookflow.platform.control.Paging;
import io.hookflow.platform.control.Timestamps;
import io.hookflow.subscriptions.entity.DeliveryState;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.SubscriptionSummary;
import io.hookflow.subscriptions.entity.Subscription_;
import io.hookflow.subscriptions.entity.WorkflowAction;

/** The subscriptions of a team: creating, finding, changing and deleting them, and their signing secrets. */
@ApplicationScoped
@Transactional
public class Subscriptions {

    /** A fixed text, translated once by Hibernate (a criteria query is translated again on every call). */
    private static final String LISTENING = """
            select s.id from Subscription s
            where s.teamId = :team and (s.enabled = true or s.disabledReason is not null) and :action member of s.actions
            order by s.id""";

    /** Joins a subscription's actions in a list's rows; no action name contains it. */
    private static final String ACTION_SEPARATOR = ",";
    private static final String HAS_BEARER_TOKEN = "hasBearerToken";

    private static final Paging.Listing<Subscription> LISTING = Paging.listing(Subscription.class, Subscriptions::conditions,
            (cb, root) -> List.of(cb.desc(root.get(Subscription_.createdAt)), cb.desc(root.get(Subscription_.id))));

    private static final Paging.Projection<Subscription> SUMMARIES = Paging.projection(LISTING, Subscriptions::summaryColumns);

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Event<SubscriptionDeleted> deleted;

    @Inject
    Event<SubscriptionEnabled> enabled;

    @Inject
    TargetGuard targets;

    public Subscription create(String teamId, SubscriptionChanges values, String user) {
        var now = Timestamps.now();
        var settings = validated(values::asNewSettings);
        requireAllowedTarget(settings.url());
        var subscription = new Subscription(teamId, settings, user, now);
        values.bearerToken().ifPresent(token -> validated(() -> {
            subscription.setBearerToken(token, user, now);
            return subscription;
        }));
        em.persist(subscription);
        em.persist(new DeliveryState(subscription.id()));
        return subscription;
    }

    /**
     * Summaries, not entities: a list shows no secret, so it reads none (and decrypts none). Outside a transaction:
     * it is one statement (the count only past the last page), so a JTA transaction around it only cost its begin,
     * enlistment and commit, about a third of a one-row list's CPU (docs/benchmarks.md, eleventh round).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Paging.Page<SubscriptionSummary> list(SubscriptionFilter filter) {
        var values = new Paging.Values()
                .with("team", filter.teamId())
                .with("enabled", filter.enabled())
                .with("action", filter.action())
                .with("pattern", filter.search().map(Like::containingIgnoringCase));
        var rows = SUMMARIES.page(em, values, filter.page(), filter.size());
        return new Paging.Page<>(rows.items().stream().map(Subscriptions::summary).toList(), rows.total());
    }

    /**
     * One row per subscription, its actions joined into one text in their order. In the same statement because a
     * second query for the actions of a page ({@code where id in :ids}) was translated anew on every call: Hibernate
     * keeps no SQL for a query with a list-valued parameter (a third of the list's CPU, JFR).
     */
    private static Paging.Selected summaryColumns(CriteriaBuilder cb, Root<Subscription> s) {
        var hcb = (HibernateCriteriaBuilder) cb;
        // built per call, not as a constant: the metamodel's fields are set when the persistence unit starts
        List<SingularAttribute<Subscription, ?>> shown = List.of(Subscription_.id, Subscription_.name,
                Subscription_.url, Subscription_.enabled, Subscription_.timeoutSeconds, Subscription_.maxRetries,
                Subscription_.retryBackoffSeconds, Subscription_.disabledReason, Subscription_.rateLimitPerSecond,
                Subscription_.ordered, Subscription_.createdAt, Subscription_.updatedAt);
        var bearerToken = s.get(Subscription_.bearerToken);
        var actions = s.join(Subscription_.actions, JoinType.LEFT);
        List<Selection<?>> selections = new ArrayList<>();
        shown.forEach(attribute -> selections.add(s.get(attribute).alias(attribute.getName())));
        // whether there is a token, without reading (and decrypting) it
        selections.add(cb.isNotNull(bearerToken).alias(HAS_BEARER_TOKEN));
        selections.add(hcb.listagg(hcb.asc(actions.index()), actions.as(String.class), ACTION_SEPARATOR)
                .alias(Subscription_.ACTIONS));
        List<Expression<?>> groupBy = new ArrayList<>();
        shown.forEach(attribute -> groupBy.add(s.get(attribute)));
        groupBy.add(bearerToken);
        return new Paging.Selected(selections, groupBy);
    }

    private static SubscriptionSummary summary(Tuple row) {
        String actions = row.get(Subscription_.ACTIONS, String.class);
        return new SubscriptionSummary(row.get(Subscription_.ID, String.class), row.get(Subscription_.NAME, String.class),
                row.get(Subscription_.URL, String.class),
                actions == null ? List.of() : Stream.of(actions.split(ACTION_SEPARATOR)).map(WorkflowAction::valueOf).toList(),
                row.get(Subscription_.ENABLED, Boolean.class),
                row.get(HAS_BEARER_TOKEN, Boolean.class), row.get(Subscription_.TIMEOUT_SECONDS, Integer.class),
                row.get(Subscription_.MAX_RETRIES, Integer.class), row.get(Subscription_.RETRY_BACKOFF_SECONDS, Integer.class),
                Optional.ofNullable(row.get(Subscription_.DISABLED_REASON, String.class)),
                Optional.ofNullable(row.get(Subscription_.RATE_LIMIT_PER_SECOND, Integer.class)),
                row.get(Subscription_.ORDERED, Boolean.class), row.get(Subscription_.CREATED_AT, Instant.class),
                row.get(Subscription_.UPDATED_AT, Instant.class));
    }

    /** The team's subscription, if it has one by that id; another team's is as absent as a missing one. */
    public Optional<Subscription> find(String teamId, String id) {
        return Optional.ofNullable(em.find(Subscription.class, id)).filter(s -> s.teamId().equals(teamId));
    }

    public boolean exists(String teamId, String id) {
        return find(teamId, id).isPresent();
    }

    public Subscription update(String teamId, String id, SubscriptionChanges changes, String user) {
        var subscription = locked(teamId, id);
        var now = Timestamps.now();
        boolean wasEnabled = subscription.enabled();
        var settings = validated(() -> changes.applyTo(subscription.settings()));
        changes.url().ifPresent(this::requireAllowedTarget);
        subscription.apply(settings, user, now);
        if (changes.clearBearerToken()) {
            subscription.setBearerToken(null, user, now);
        }
        changes.bearerToken().ifPresent(token -> validated(() -> {
            subscription.setBearerToken(token, user, now);
            return subscription;
        }));
        if (changes.enabled().isPresent()) {
            subscription.clearDisabledReason(); // a person decided: the circuit breaker no longer holds it
        }
        if (!wasEnabled && subscription.enabled()) {
            deliveryState(subscription.id()).pacing().reset();
            enabled.fire(new SubscriptionEnabled(subscription.id(), teamId, now));
        }
        return subscription;
    }

    /** The engine's state row; created here for a subscription that predates it. */
    private DeliveryState deliveryState(String id) {
        return Optional.ofNullable(em.find(DeliveryState.class, id, LockModeType.PESSIMISTIC_WRITE)).orElseGet(() -> {
            var state = new DeliveryState(id);
            em.persist(state);
            return state;
        });
    }

    /** The delivery engine would refuse this URL at send time (SSRF guard): refuse it now, where the user sees why. */
    private void requireAllowedTarget(String url) {
        targets.refusal(url).ifPresent(reason -> {
            throw Invalid.field("url", reason);
        });
    }

    /**
     * Deletes the subscription; observers of {@link SubscriptionDeleted} settle its records in this transaction, before
     * the row goes: a booking locks records and then the subscription's delivery state, so the delete must take them
     * in that order too (removing the row first took the state by cascade, then waited for a booking's records while
     * that booking waited for the state: a deadlock, and the delete answered 500).
     */
    public void delete(String teamId, String id, String user) {
        var subscription = locked(teamId, id);
        deleted.fire(new SubscriptionDeleted(id, teamId, user, Timestamps.now()));
        em.remove(subscription);
        em.flush();
    }

    public Optional<String> secret(String teamId, String id) {
        return find(teamId, id).map(Subscription::secret);
    }

    public String rotateSecret(String teamId, String id, String user) {
        var subscription = locked(teamId, id);
        subscription.rotateSecret(user, Timestamps.now());
        return subscription.secret();
    }

    /**
     * The ids of the team's enabled subscriptions that list {@code action}, in id order, share-locked until the
     * caller's transaction ends: a concurrent delete then waits for a publish (and settles its new records)
     * instead of leaving records behind for a subscription that no longer exists. A subscription the circuit
     * breaker disabled still listens: its records wait until it is enabled again.
     */
    public List<String> listeningTo(String teamId, WorkflowAction action) {
        // ids only: a publish needs no subscription entity (nor its actions or secrets) loaded and hydrated
        return em.createQuery(LISTENING, String.class)
                .setParameter("team", teamId)
                .setParameter("action", action)
                .setLockMode(LockModeType.PESSIMISTIC_READ)
                .getResultList();
    }

    /** Changes are serialized per subscription, so concurrent edits never fail on a stale version. */
    private Subscription locked(String teamId, String id) {
        return Optional.ofNullable(em.find(Subscription.class, id, LockModeType.PESSIMISTIC_WRITE))
                .filter(s -> s.teamId().equals(teamId))
                .orElseThrow(Subscriptions::notFound);
    }

    public static NotFound notFound() {
        return new NotFound("subscription not found");
    }

    /** The entity guards its rules; a broken one is the caller's mistake, reported on the field it concerns. */
    private static <T> T validated(Supplier<T> change) {
        try {
            return change.get();
        } catch (Subscription.InvalidSetting e) {
            throw Invalid.field(e.field(), e.getMessage());
        }
    }

    private static List<Predicate> conditions(CriteriaBuilder cb, Root<Subscription> root, Paging.Shape shape) {
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(root.get(Subscription_.teamId), shape.value("team", String.class)));
        if (shape.has("enabled")) {
            where.add(cb.equal(root.get(Subscription_.enabled), shape.value("enabled", Boolean.class)));
        }
        if (shape.has("action")) {
            where.add(cb.isMember(shape.value("action", WorkflowAction.class), root.get(Subscription_.actions)));
        }
        if (shape.has("pattern")) {
            var pattern = shape.value("pattern", String.class);
            where.add(cb.or(cb.like(cb.lower(root.get(Subscription_.name)), pattern, Like.ESCAPE),
                    cb.like(cb.lower(root.get(Subscription_.url)), pattern, Like.ESCAPE)));
        }
        return where;
    }
}
