package io.hookflow.events.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.AttemptInserts;
import io.hookflow.delivery.control.AttemptLedger;
import io.hookflow.delivery.control.Backlog;
import io.hookflow.delivery.control.Booked;
import io.hookflow.delivery.control.Claim;
import io.hookflow.delivery.control.ClaimRequest;
import io.hookflow.delivery.control.ClaimStatistics;
import io.hookflow.delivery.control.DeliveryOutcome;
import io.hookflow.delivery.control.DeliveryRequest;
import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.delivery.control.WorkSource;
import io.hookflow.delivery.entity.DeliveryAttempt;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.platform.control.Database;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.Subscription_;
import org.hibernate.Session;

/**
 * Workflow-webhook deliveries as the engine's work, one transaction per call: claims due event records under a
 * lease (building each one's signed request) and books attempt outcomes on them (ledger row, counters, status,
 * next due time). The subscriptions' operator settings (circuit breaker, rate limit, ordering) take part in
 * both through {@link DeliveryGates}.
 */
@ApplicationScoped
@Transactional
public class EventDeliveries implements WorkSource<ClaimedDelivery, FinishedDelivery> {

    public static final String KIND = "webhook";
    private static final Logger LOG = Logger.getLogger(EventDeliveries.class.getName());

    static final LeasedWork<EventRecord> WORK = new LeasedWork<>(EventRecord.class, EventRecord_.id, EventRecord_.dueAt,
            EventRecord_.lease);

    /** A disabled (or deleted) subscription's records wait: they are not due for the engine. */
    private static final LeasedWork.Condition<EventRecord> SUBSCRIPTION_ENABLED = (cb, query, root, parameters) -> {
        var subquery = query.subquery(String.class);
        var subscription = subquery.from(Subscription.class);
        subquery.select(subscription.get(Subscription_.id)).where(
                cb.equal(subscription.get(Subscription_.id), root.get(EventRecord_.subscriptionId)),
                cb.isTrue(subscription.get(Subscription_.enabled)));
        return cb.exists(subquery);
    };

    private static final String BUSY_SUBSCRIPTIONS = "busy_subscriptions";
    private static final String BUSY_TEAMS = "busy_teams";

    /** A full lane (subscription) or team: its records wait for the next claim. */
    private static final LeasedWork.Condition<EventRecord> NOT_BUSY = (cb, query, root, parameters) -> {
        var free = cb.conjunction();
        if (parameters.has(BUSY_SUBSCRIPTIONS)) {
            free = cb.and(free, cb.not(root.get(EventRecord_.subscriptionId).in(parameters.list(BUSY_SUBSCRIPTIONS))));
        }
        if (parameters.has(BUSY_TEAMS)) {
            free = cb.and(free, cb.not(root.get(EventRecord_.teamId).in(parameters.list(BUSY_TEAMS))));
        }
        return free;
    };

    /** What makes a record due beyond its due time and lease: its subscription enabled, its lane and team not full. */
    private static final List<LeasedWork.Condition<EventRecord>> CLAIM_CONDITIONS = Stream.concat(
            Stream.of(SUBSCRIPTION_ENABLED, NOT_BUSY), DeliveryGates.claimConditions().stream()).toList();

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Database database;

    @Inject
    DeliveryGates gates;

    @Inject
    DeliveryTargets deliveryTargets;

    @Inject
    ClaimStatistics statistics;

    @Inject
    ProgressUpdate progress;

    @Inject
    AttemptInserts ledger;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public String kind() {
        return KIND;
    }

    @Override
    public Claim<ClaimedDelivery> claim(ClaimRequest request) {
        database.commitWithoutWaitingForDisk();
        List<EventRecord> due = WORK.lockDue(em, request.now(), request.max(), CLAIM_CONDITIONS, busy(request), statistics);
        if (due.isEmpty()) {
            return Claim.none();
        }
        Map<String, DeliveryTarget> targets = deliveryTargets.current(due.stream().map(EventRecord::subscriptionId).distinct().toList());
        Predicate<EventRecord> admitted = gates.admission(due,
                id -> Optional.ofNullable(targets.get(id)).flatMap(DeliveryTarget::rateLimitPerSecond), request.now());
        List<ClaimedDelivery> claimed = new ArrayList<>(due.size());
        Map<Instant, List<EventRecord>> leases = new HashMap<>();
        int leftDue = 0;
        for (EventRecord record : due) {
            DeliveryTarget target = targets.get(record.subscriptionId());
            if (target == null) {
                leftDue++;
                continue;
            }
            DeliveryRequest delivery;
            try {
                delivery = WebhookMessages.request(record, target, request.now());
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // this record alone: the others of the batch go out
                LOG.log(Level.WARNING, e, () -> "event record " + record.id() + " cannot be sent");
                record.fail("the delivery cannot be built (" + e.getClass().getSimpleName() + ")", null, request.now());
                continue;
            }
            // the rate limit first: a record its bucket cannot pay for must not hold a lane slot
            if (!admitted.test(record) || !request.takeSlot(ClaimedDelivery.tenant(record.teamId()), record.subscriptionId())) {
                leftDue++;
                continue;
            }
            Instant until = request.leaseUntil(delivery.timeout());
            leases.computeIfAbsent(until, unused -> new ArrayList<>()).add(record);
            claimed.add(new ClaimedDelivery(record.id(), record.subscriptionId(), reference(record),
                    record.attemptsCount() + 1, until, delivery, target.maxRetries(), target.backoff(),
                    record.bookingCopy()));
        }
        WORK.lease(em, database, request.owner(), leases);
        claimed.forEach(one -> one.leased().heldAsLeased(request.owner(), one.leaseUntil()));
        return Claim.of(claimed, due.size(), request.max(), leftDue);
    }

    /** The lanes (subscriptions) and teams that are full: their records wait for the next claim. */
    private static Map<String, List<String>> busy(ClaimRequest request) {
        Map<String, List<String>> busy = new HashMap<>();
        if (!request.busyLanes().isEmpty()) {
            busy.put(BUSY_SUBSCRIPTIONS, List.copyOf(request.busyLanes()));
        }
        List<String> busyTeams = request.busyTenants().stream().filter(t -> t.startsWith(ClaimedDelivery.tenant("")))
                .map(t -> t.substring(ClaimedDelivery.tenant("").length())).toList();
        if (!busyTeams.isEmpty()) {
            busy.put(BUSY_TEAMS, busyTeams);
        }
        return busy;
    }

    /** Works out what the attempt means as soon as it ends, off the booking task (and outside any transaction). */
    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public FinishedDelivery interpret(ClaimedDelivery claimed, DeliveryOutcome outcome, Instant at) {
        if (outcome == null) {
            return new FinishedDelivery(claimed, null, null, Optional.empty(), null, at);
        }
        Verdict verdict = WebhookRetryRule.classify(outcome);
        return new FinishedDelivery(claimed, outcome, verdict, verdict == Verdict.RETRY ? outcome.askedToWait(at) : Optional.empty(),
                null, at);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public FinishedDelivery failed(ClaimedDelivery claimed, DeliveryOutcome outcome, String reason, Instant at) {
        return new FinishedDelivery(claimed, outcome, Verdict.FAIL, Optional.empty(), "the delivery failed: " + reason, at);
    }

    /**
     * Books outcomes in one transaction. No row lock: the lease says these records are ours, and their version
     * catches anyone who changed one meanwhile (a delete, a manual retry). On PostgreSQL the records are written in
     * one statement ({@link ProgressUpdate}) and the attempts in another ({@link AttemptInserts}); elsewhere Hibernate
     * loads and writes them, and a changed record fails the batch, which the engine then books one by one.
     */
    @Override
    public List<Booked> book(String owner, List<FinishedDelivery> finished) {
        database.commitWithoutWaitingForDisk();
        List<Booking> bookings;
        if (database.postgres()) {
            bookings = bookOnLeasedCopies(owner, finished);
        } else {
            Map<String, EventRecord> records = byIds(EventRecord.class, recordIds(finished), EventRecord::id);
            bookings = finished.stream().map(one -> book(owner, one, records.get(one.claimed().recordId()))).toList();
        }
        ledger.write(bookings.stream().map(Booking::attempt).filter(Objects::nonNull).toList());
        List<Booked> booked = bookings.stream().map(Booking::booked).toList();
        gates.booked(finished, booked);
        return booked;
    }

    /** One delivery's booking: what it came to, its ledger row (none for a release), and the record if it changed it. */
    private record Booking(Booked booked, DeliveryAttempt attempt, EventRecord changed) {
    }

    /**
     * Each record booked on a copy of the state its claim left it in, written only where the row still has that
     * state: reading the records again was a tenth of a drain's server CPU (docs/benchmarks.md, thirteenth round).
     * A record somebody changed meanwhile (a manual retry, a delete, a lapsed lease claimed again), and one with two
     * outcomes in this batch, is read again and booked on what it is now, as before.
     */
    private List<Booking> bookOnLeasedCopies(String owner, List<FinishedDelivery> finished) {
        Map<String, Long> outcomesPerRecord = finished.stream()
                .collect(Collectors.groupingBy(one -> one.claimed().recordId(), Collectors.counting()));
        List<Booking> bookings = new ArrayList<>(finished.size());
        for (FinishedDelivery one : finished) {
            boolean alone = outcomesPerRecord.get(one.claimed().recordId()) == 1;
            bookings.add(alone ? book(owner, one, one.claimed().recordAsLeased()) : null);
        }
        Set<String> written = progress.writeUnchanged(bookings.stream().filter(Objects::nonNull)
                .map(Booking::changed).filter(Objects::nonNull).toList());
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < bookings.size(); i++) {
            Booking booking = bookings.get(i);
            if (booking == null || booking.changed() == null || !written.contains(booking.changed().id())) {
                again.add(i);
            }
        }
        if (!again.isEmpty()) {
            Map<String, EventRecord> current = readOnly(recordIds(again.stream().map(finished::get).toList()));
            Set<EventRecord> changed = new LinkedHashSet<>();
            for (int i : again) {
                Booking booking = book(owner, finished.get(i), current.get(finished.get(i).claimed().recordId()));
                bookings.set(i, booking);
                if (booking.changed() != null) {
                    changed.add(booking.changed());
                }
            }
            progress.write(changed);
        }
        return bookings;
    }

    /** Loaded so that Hibernate neither keeps a copy of their state to compare at flush nor writes them. */
    private Map<String, EventRecord> readOnly(List<String> ids) {
        Session session = em.unwrap(Session.class);
        boolean before = session.isDefaultReadOnly();
        session.setDefaultReadOnly(true);
        try {
            return byIds(EventRecord.class, ids, EventRecord::id);
        } finally {
            session.setDefaultReadOnly(before);
        }
    }

    private static List<String> recordIds(List<FinishedDelivery> finished) {
        return finished.stream().map(f -> f.claimed().recordId()).distinct().sorted().toList();
    }

    /** Booked on {@code record} (null if it is gone) if it still carries the lease of this delivery's claim. */
    private Booking book(String owner, FinishedDelivery finished, EventRecord record) {
        ClaimedDelivery claimed = finished.claimed();
        boolean ours = record != null && record.lease().heldBy(owner, claimed.leaseUntil());
        EventRecord changed = ours ? record : null;
        Instant at = finished.at();
        if (!finished.sent() && finished.error() == null) {
            if (ours) {
                record.releaseLease();
            }
            return new Booking(Booked.RELEASED, null, changed);
        }
        DeliveryOutcome outcome = finished.sent() ? finished.outcome()
                : DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK, finished.error(), 0);
        String error = finished.error() != null ? finished.error() : outcome.error();
        int number = ours ? record.attemptsCount() + 1 : claimed.attemptNumber();
        var exchange = AttemptLedger.exchange(claimed.request(), outcome, at);
        var attempt = new DeliveryAttempt(KIND, claimed.recordId(), number, finished.verdict() == Verdict.SUCCESS,
                new DeliveryAttempt.Exchange(exchange.method(), exchange.url(), exchange.headers(), exchange.status(),
                        exchange.responseBody(), error, exchange.latencyMs(), at))
                .forWebhook(claimed.reference());
        if (record == null) {
            return new Booking(Booked.MISSING, attempt, null);
        }
        if (!ours) {
            return new Booking(Booked.LEASE_LOST, attempt, null);
        }
        record.recordAttempt(outcome.statusCode(), error, at);
        return new Booking(settle(record, finished), attempt, changed);
    }

    private static Booked settle(EventRecord record, FinishedDelivery finished) {
        ClaimedDelivery claimed = finished.claimed();
        Instant at = finished.at();
        switch (finished.verdict()) {
            case SUCCESS -> {
                record.markDelivered(at);
                return Booked.DELIVERED;
            }
            case RETRY -> {
                int retry = record.attemptsCount();
                if (retry <= claimed.maxRetries()) {
                    Duration wait = claimed.backoff().beforeRetry(retry, finished.askedToWait(), ThreadLocalRandom.current().nextDouble());
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
    public int releaseAll(String owner) {
        return WORK.releaseAll(em, owner);
    }

    @Override
    public Backlog backlog(Instant now) {
        return WORK.backlog(em, now, List.of(SUBSCRIPTION_ENABLED));
    }

    /**
     * The rows of {@code ids} that exist, through Hibernate's multi-load, whose SQL is prepared once: a criteria query
     * of the ids was translated again on every booking.
     */
    private <T> Map<String, T> byIds(Class<T> type, List<String> ids, Function<T, String> idOf) {
        return em.unwrap(Session.class).byMultipleIds(type).multiLoad(ids).stream()
                .filter(Objects::nonNull)
                .collect(Collectors.toMap(idOf, Function.identity()));
    }

    private static DeliveryAttempt.WebhookReference reference(EventRecord record) {
        return new DeliveryAttempt.WebhookReference(record.id(), record.eventId(), record.subscriptionId(), record.teamId(),
                record.action().wireName(), record.createdBy());
    }
}
