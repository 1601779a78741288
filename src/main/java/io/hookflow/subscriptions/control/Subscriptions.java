package io.hookflow.subscriptions.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

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

import io.hookflow.platform.control.NotFound;
import io.hookflow.platform.control.Invalid;
import io.hookflow.delivery.control.TargetGuard;
import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.Like;
import io.hookflow.platform.control.Paging;
import io.hookflow.platform.control.Timestamps;
import io.hookflow.subscriptions.entity.DeliveryState;
import io.hookflow.subscriptions.entity.Subscription;
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

    private static final Paging.Listing<Subscription> LISTING = Paging.listing(Subscription.class, Subscriptions::conditions,
            (cb, root) -> List.of(cb.desc(root.get(Subscription_.createdAt)), cb.desc(root.get(Subscription_.id))));

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

    public Paging.Page<Subscription> list(SubscriptionFilter filter) {
        var values = new Paging.Values()
                .with("team", filter.teamId())
                .with("enabled", filter.enabled())
                .with("action", filter.action())
                .with("pattern", filter.search().map(Like::containingIgnoringCase));
        return LISTING.page(em, values, filter.page(), filter.size());
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

    /** Deletes the subscription; observers of {@link SubscriptionDeleted} settle its records in this transaction. */
    public void delete(String teamId, String id, String user) {
        var subscription = locked(teamId, id);
        em.remove(subscription);
        em.flush();
        deleted.fire(new SubscriptionDeleted(id, teamId, user, Timestamps.now()));
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
