package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.events.control.DeliveryGates;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.Subscription_;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The workflow-webhook side of the engine, one transaction per call: claims due event records under a
 * lease and books attempt outcomes on them (attempt row, counters, status, next due time).
 */
@ApplicationScoped
@Transactional
public class EventDeliveries implements WorkSource {

    private static final Logger LOG = Logger.getLogger(EventDeliveries.class.getName());

    static final LeasedWork<EventRecord> WORK = new LeasedWork<>(EventRecord.class, EventRecord_.dueAt, EventRecord_.leaseUntil);

    /** A disabled (or deleted) subscription's records wait: they are not due for the engine. */
    private static final LeasedWork.Condition<EventRecord> SUBSCRIPTION_ENABLED = (cb, query, root) -> {
        var subquery = query.subquery(String.class);
        var subscription = subquery.from(Subscription.class);
        subquery.select(subscription.get(Subscription_.id)).where(
                cb.equal(subscription.get(Subscription_.id), root.get(EventRecord_.subscriptionId)),
                cb.isTrue(subscription.get(Subscription_.enabled)));
        return cb.exists(subquery);
    };

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    DeliveryGates gates; // issue 10: operator settings enforced in the claim and the booking

    private volatile Boolean postgres;

    /**
     * Leases up to {@code max} due records to {@code owner}. {@code takeSlot} is asked per record and may
     * say no (its subscription has as many deliveries in flight as allowed); such a record stays due.
     */
    @Override
    public Claim claim(String owner, Instant now, Duration lease, int max, Collection<String> busySubscriptions,
                       Predicate<String> takeSlot) {
        commitWithoutWaitingForDisk();
        List<LeasedWork.Condition<EventRecord>> conditions = new ArrayList<>(List.of(SUBSCRIPTION_ENABLED));
        conditions.addAll(gates.claimConditions(now)); // issue 10 hook: held (rate limit, Retry-After) and ordered subscriptions
        if (!busySubscriptions.isEmpty()) {
            conditions.add((cb, query, root) -> cb.not(root.get(EventRecord_.subscriptionId).in(busySubscriptions)));
        }
        List<EventRecord> due = WORK.lockDue(em, now, max, conditions);
        if (due.isEmpty()) {
            return Claim.none();
        }
        Map<String, Subscription> subscriptions = subscriptions(due.stream().map(EventRecord::subscriptionId).distinct().toList());
        Predicate<EventRecord> admitted = gates.admission(due, subscriptions, now); // issue 10 hook: rate-limit tokens
        Instant until = now.plus(lease);
        List<ClaimedDelivery> claimed = new ArrayList<>(due.size());
        for (EventRecord record : due) {
            Subscription subscription = subscriptions.get(record.subscriptionId());
            if (subscription == null) {
                continue;
            }
            DeliveryRequest request;
            try {
                request = WebhookMessages.request(record, subscription, now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "event record " + record.id() + " cannot be sent");
                record.fail("the delivery cannot be built: " + e.getMessage(), null, now);
                continue;
            }
            if (!admitted.test(record) || !takeSlot.test(record.subscriptionId())) { // issue 10 hook: admitted
                continue;
            }
            record.claim(owner, until);
            claimed.add(new ClaimedDelivery(record.id(), record.subscriptionId(), target(record, subscription),
                    record.attemptsCount() + 1, until, request, subscription.maxRetries(),
                    Backoff.ofSeconds(subscription.retryBackoffSeconds())));
        }
        return new Claim(claimed, due.size() == max);
    }

    /**
     * Books outcomes in one transaction. No row lock: the lease says these records are ours, and their version
     * catches anyone who changed one meanwhile (a delete, a manual retry), which fails the batch; the engine
     * then books them one by one.
     */
    @Override
    public List<Booked> book(String owner, List<CompletedAttempt> completed) {
        commitWithoutWaitingForDisk();
        List<String> ids = completed.stream().map(c -> c.delivery().recordId()).distinct().sorted().toList();
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(EventRecord.class);
        var root = query.from(EventRecord.class);
        query.where(root.get(EventRecord_.id).in(ids)).orderBy(cb.asc(root.get(EventRecord_.id)));
        Map<String, EventRecord> records = em.createQuery(query)
                .getResultStream()
                .collect(Collectors.toMap(EventRecord::id, Function.identity()));
        List<Booked> booked = completed.stream().map(c -> book(owner, c, records.get(c.delivery().recordId()))).toList();
        gates.booked(completed, booked); // issue 10 hook: circuit breaker count, Retry-After pauses the subscription
        return booked;
    }

    private Booked book(String owner, CompletedAttempt completed, EventRecord record) {
        ClaimedDelivery claimed = completed.delivery();
        DeliveryOutcome outcome = completed.outcome();
        Instant at = completed.at();
        boolean ours = record != null && owner.equals(record.leaseOwner()) && claimed.leaseUntil().equals(record.leaseUntil());
        if (!completed.sent()) {
            if (ours) {
                record.releaseLease();
            }
            return Booked.RELEASED;
        }
        Verdict verdict = WebhookRetryRule.classify(outcome);
        int number = ours ? record.attemptsCount() + 1 : claimed.attemptNumber();
        em.persist(new DeliveryAttempt(claimed.target(), number, verdict == Verdict.SUCCESS, outcome.statusCode(),
                outcome.answered() ? outcome.bodyText() : null, outcome.error(), outcome.latencyMs(), at));
        if (record == null) {
            return Booked.MISSING;
        }
        if (!ours) {
            return Booked.LEASE_LOST;
        }
        record.recordAttempt(outcome.statusCode(), outcome.error(), at);
        switch (verdict) {
            case SUCCESS -> {
                record.markDelivered(at);
                return Booked.DELIVERED;
            }
            case RETRY -> {
                int retry = record.attemptsCount();
                if (retry <= claimed.maxRetries()) {
                    Optional<Duration> asked = WebhookRetryRule.honoursRetryAfter(outcome) ? outcome.retryAfter(at) : Optional.empty();
                    Duration wait = claimed.backoff().beforeRetry(retry, asked, ThreadLocalRandom.current().nextDouble());
                    record.scheduleRetry(at.plus(wait), at);
                    return Booked.RETRY_SCHEDULED;
                }
                record.fail(null, null, at);
                return Booked.FAILED;
            }
            default -> {
                record.fail(null, null, at);
                return Booked.FAILED;
            }
        }
    }

    @Override
    public boolean claimed(ClaimedWork work) {
        return work instanceof ClaimedDelivery;
    }

    /**
     * Claims and bookings need not wait for the WAL flush at commit (PostgreSQL {@code synchronous_commit = off},
     * this transaction only). If the database crashes, the last fraction of a second of them is lost, never
     * corrupted: a lost claim is a record due again, a lost booking a record delivered again (at least once, as
     * the contract says) and its attempt row missing. Publishing keeps full durability.
     */
    private void commitWithoutWaitingForDisk() {
        if (postgres == null) {
            postgres = em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices()
                    .getDialect() instanceof PostgreSQLDialect;
        }
        if (postgres) {
            em.createNativeQuery("SET LOCAL synchronous_commit TO OFF").executeUpdate();
        }
    }

    /** Gives back every lease {@code owner} holds: its records are due again at once for any node. */
    @Override
    public int releaseAll(String owner) {
        var cb = em.getCriteriaBuilder();
        var update = cb.createCriteriaUpdate(EventRecord.class);
        var root = update.from(EventRecord.class);
        update.set(root.get(EventRecord_.leaseOwner), cb.nullLiteral(String.class))
                .set(root.get(EventRecord_.leaseUntil), cb.nullLiteral(Instant.class))
                .where(cb.equal(root.get(EventRecord_.leaseOwner), owner));
        return em.createQuery(update).executeUpdate();
    }

    /** How much work is waiting: unfinished records, and the due time of the oldest one nobody holds. */
    public record Backlog(long unfinished, Optional<Instant> oldestDue) {
    }

    public Backlog backlog(Instant now) {
        return new Backlog(WORK.unfinished(em), WORK.oldestDue(em, now, List.of(SUBSCRIPTION_ENABLED)));
    }

    private Map<String, Subscription> subscriptions(List<String> ids) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(Subscription.class);
        var root = query.from(Subscription.class);
        root.fetch(Subscription_.actions, jakarta.persistence.criteria.JoinType.LEFT);
        query.select(root).distinct(true).where(root.get(Subscription_.id).in(ids));
        return em.createQuery(query).getResultStream().collect(Collectors.toMap(Subscription::id, Function.identity(), (a, b) -> a));
    }

    private static DeliveryAttempt.Target target(EventRecord record, Subscription subscription) {
        return new DeliveryAttempt.Target(record.id(), record.eventId(), record.subscriptionId(), record.teamId(),
                record.action().wireName(), subscription.url(), record.createdBy());
    }
}
