package io.hookflow.events.control;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.Booked;
import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.delivery.control.PacingRules;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.subscriptions.entity.DeliveryState;
import io.hookflow.subscriptions.entity.DeliveryState_;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.Subscription_;

/**
 * What the operator settings of a subscription ask of the engine, plugged into the claim and the booking of
 * event records (they run inside those transactions):
 * <ul>
 * <li>held subscriptions (rate limit bucket empty, a receiver's {@code Retry-After}) are left out of claims;</li>
 * <li>an ordered subscription offers only its oldest unfinished record (created_at, then id), so one record
 *     is in flight at a time and a record waiting for its retry holds back the later ones;</li>
 * <li>a rate-limited subscription's records take tokens from its bucket (a database row, so the limit holds
 *     across nodes);</li>
 * <li>the circuit breaker counts terminal failures in a row and disables the subscription, with a reason,
 *     once they reach {@code hookflow.delivery.disable-after-failures} over at least
 *     {@code hookflow.delivery.disable-after-seconds}; a success resets the count.</li>
 * </ul>
 * The breaker's and the bucket's rules are the engine's ({@link PacingRules}); this class applies them to
 * subscriptions.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DeliveryGates {

    private static final Logger LOG = Logger.getLogger(DeliveryGates.class.getName());

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    PacingRules rules;

    /** More claim conditions: the subscription is not held, and for an ordered one the record is its oldest unfinished. */
    public static List<LeasedWork.Condition<EventRecord>> claimConditions() {
        return CLAIM_CONDITIONS;
    }

    /**
     * Not in the set of held subscriptions, a subquery that does not refer to the record: PostgreSQL computes it once
     * per claim and filters the due-index scan with it, so the claim still reads due records in order and stops at
     * its limit. As a correlated {@code NOT EXISTS} it became an anti join, and with one subscription behind a
     * backlog the planner, sure every record's subscription had a state row, estimated a single surviving row,
     * sorted all due records instead and took 0.7 s per claim of 100 (3 ms this way, 100,000 due records, fresh
     * statistics). Both columns are non-null, so {@code NOT IN} means what {@code NOT EXISTS} did.
     */
    private static final LeasedWork.Condition<EventRecord> NOT_HELD = (cb, query, root, parameters) -> {
        var held = query.subquery(String.class);
        var state = held.from(DeliveryState.class);
        held.select(state.get(DeliveryState_.subscriptionId))
                .where(PacingRules.held(cb, state.get(DeliveryState_.pacing), parameters.now()));
        return cb.not(root.get(EventRecord_.subscriptionId).in(held));
    };

    /**
     * The record's subscription is not ordered, or no earlier record of it is unfinished (due now or later, leased or
     * not). The test of {@code ordered} guards the search for earlier records inside one subquery: as two separate
     * joins PostgreSQL was free to search first, and did, for every due record (a claim over 28,000 due records of
     * unordered subscriptions ran for minutes at full CPU; this form, 0.3 s on the same stale statistics).
     */
    private static final LeasedWork.Condition<EventRecord> NEXT_IN_ORDER = (cb, query, root, parameters) -> {
        var own = query.subquery(String.class);
        var subscription = own.from(Subscription.class);
        var earlier = own.subquery(String.class);
        var other = earlier.from(EventRecord.class);
        earlier.select(other.get(EventRecord_.id)).where(
                cb.equal(other.get(EventRecord_.subscriptionId), root.get(EventRecord_.subscriptionId)),
                cb.isNotNull(other.get(EventRecord_.dueAt)),
                cb.or(cb.lessThan(other.get(EventRecord_.createdAt), root.get(EventRecord_.createdAt)),
                        cb.and(cb.equal(other.get(EventRecord_.createdAt), root.get(EventRecord_.createdAt)),
                                cb.lessThan(other.get(EventRecord_.id), root.get(EventRecord_.id)))));
        own.select(subscription.get(Subscription_.id)).where(
                cb.equal(subscription.get(Subscription_.id), root.get(EventRecord_.subscriptionId)),
                cb.or(cb.isFalse(subscription.get(Subscription_.ordered)), cb.not(cb.exists(earlier))));
        return cb.exists(own);
    };

    private static final List<LeasedWork.Condition<EventRecord>> CLAIM_CONDITIONS = List.of(NOT_HELD, NEXT_IN_ORDER);

    /**
     * Takes rate-limit tokens for the claimed records of rate-limited subscriptions (their bucket rows locked in
     * id order, for the rest of the claim). The answer admits a record while its subscription has tokens left.
     */
    public Predicate<EventRecord> admission(List<EventRecord> due, Function<String, Optional<Integer>> rateLimitPerSecond,
                                            Instant now) {
        return PacingRules.admission(due, EventRecord::subscriptionId, rateLimitPerSecond,
                id -> state(id).map(DeliveryState::pacing), now);
    }

    /** Books what the outcomes mean for their subscriptions: the breaker's count, Retry-After pauses. */
    void booked(List<FinishedDelivery> finished, List<Booked> booked) {
        Map<String, DeliveryState> states = new TreeMap<>();
        Set<String> notFailing = new HashSet<>();
        for (int i = 0; i < finished.size(); i++) {
            if (!finished.get(i).sent()) {
                continue;
            }
            ClaimedDelivery delivery = finished.get(i).claimed();
            var outcome = finished.get(i).outcome();
            Instant at = finished.get(i).at();
            Optional<Duration> pause = WebhookRetryRule.honoursRetryAfter(outcome) ? outcome.retryAfter(at) : Optional.empty();
            Booked result = booked.get(i);
            boolean delivered = result == Booked.DELIVERED;
            boolean failed = result == Booked.FAILED;
            String id = delivery.subscriptionId();
            boolean booking = delivered || failed || result == Booked.RETRY_SCHEDULED;
            if (!booking || (!delivered && !failed && pause.isEmpty())
                    || (delivered && pause.isEmpty() && notFailing.contains(id))) {
                continue;
            }
            // a success at a subscription with nothing counted needs no write at all: the common case stays cheap
            Optional<DeliveryState> found = states.containsKey(id) ? Optional.of(states.get(id))
                    : delivered && pause.isEmpty() ? failingState(id) : state(id);
            if (found.isEmpty()) {
                notFailing.add(id);
                continue;
            }
            DeliveryState state = found.get();
            states.put(id, state);
            if (delivered) {
                state.pacing().recordSuccess();
            } else if (failed) {
                state.pacing().recordTerminalFailure(at);
            }
            pause.map(p -> p.compareTo(PacingRules.MAX_PAUSE) > 0 ? PacingRules.MAX_PAUSE : p)
                    .ifPresent(p -> state.pacing().holdUntil(at.plus(p)));
        }
        Instant now = io.hookflow.platform.control.Timestamps.now();
        states.values().stream()
                .filter(state -> rules.opens(state.pacing(), now))
                .forEach(state -> disable(state, now));
    }

    private void disable(DeliveryState state, Instant now) {
        String reason = "disabled by the circuit breaker: " + PacingRules.failing(state.pacing(), "deliveries")
                + "; events published meanwhile wait until it is enabled again";
        var cb = em.getCriteriaBuilder();
        var update = cb.createCriteriaUpdate(Subscription.class);
        var root = update.from(Subscription.class);
        update.set(root.get(Subscription_.enabled), false)
                .set(root.get(Subscription_.disabledReason), reason)
                .set(root.get(Subscription_.updatedBy), PacingRules.BREAKER)
                .set(root.get(Subscription_.updatedAt), now)
                .set(root.get(Subscription_.version), cb.sum(root.get(Subscription_.version), 1L))
                .where(cb.equal(root.get(Subscription_.id), state.subscriptionId()),
                        cb.isTrue(root.get(Subscription_.enabled)));
        if (em.createQuery(update).executeUpdate() > 0) {
            LOG.warning(() -> "subscription " + state.subscriptionId() + " " + reason);
        }
    }

    /** The subscription's state, locked for the rest of the transaction; absent once the subscription is deleted. */
    private Optional<DeliveryState> state(String subscriptionId) {
        return Optional.ofNullable(em.find(DeliveryState.class, subscriptionId, LockModeType.PESSIMISTIC_WRITE));
    }

    private Optional<DeliveryState> failingState(String subscriptionId) {
        return PacingRules.lockedIfFailing(em, DeliveryState.class, DeliveryState_.subscriptionId, DeliveryState_.pacing,
                subscriptionId);
    }
}
