package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import io.hookflow.flows.control.StepsDue;
import io.hookflow.platform.control.Timestamps;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Runs deliveries on this node: workflow-webhook event records and flow step tries, two {@link WorkSource}s
 * served by one pump, one sender and one booking task within one set of bounds. Three things start work: a
 * publish, retry or flow run hands its work over right after its transaction commits ({@link DeliveriesDue},
 * {@link StepsDue}); a finished batch of deliveries asks for more while the last claim came back full; and a
 * non-persistent timer polls every second as the safety net (scheduled retries, work whose lease lapsed on a
 * dead node, hand-offs lost to a crash). The same tick starts the executions that flow schedules are due for.
 *
 * <p>One "pump" task at a time claims due records in pages, under a lease, up to the free room (node-wide and
 * per subscription, see {@link Lanes}); each subscription's lane sends its records asynchronously, at most its
 * concurrency at once; finished attempts queue up and one
 * "booking" task at a time writes them in batches. Both tasks run on a bounded managed executor. A graceful
 * stop stops claiming, waits a little for what is in flight, and gives back the leases it still holds.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ManagedExecutorDefinition(name = DeliveryEngine.EXECUTOR, maxAsync = DeliveryEngine.EXECUTOR_THREADS)
public class DeliveryEngine {

    public static final String EXECUTOR = "java:app/concurrent/hookflow-delivery";
    static final int EXECUTOR_THREADS = 4;
    static final int BOOK_BATCH = 200;
    /** A subscription may have this many times its concurrency claimed: queued here, ready when a request ends. */
    static final int HOLD_PER_SENDING_SLOT = 4;
    /** A queued delivery is sent only if its lease outlasts its timeout by this much; else the lease is given back. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    static final Duration STALLED_AFTER = Duration.ofSeconds(30);
    private static final int BACKLOG_EVERY_TICKS = 5;
    private static final Logger LOG = Logger.getLogger(DeliveryEngine.class.getName());

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Resource
    ContextService contextService;

    @Inject
    EventDeliveries deliveries;

    @Inject
    FlowStepWork flowSteps;

    @Inject
    HttpSender sender;

    @Inject
    DeliveryMetrics metrics;

    private volatile String owner;
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean pumpWanted = new AtomicBoolean();
    private final AtomicBoolean booking = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger ticks = new AtomicInteger();
    private final ConcurrentLinkedQueue<CompletedAttempt> completed = new ConcurrentLinkedQueue<>();
    private volatile EngineSettings settings;
    private volatile Lanes lanes;
    private volatile List<WorkSource> sources = List.of();
    private volatile Runnable bookFromAnyThread;
    private volatile boolean running;
    private volatile Instant lastTick = Instant.now();

    /** How the engine stands, for the liveness check. */
    public record Status(String node, boolean running, Instant lastPoll, int inFlight) {
        public boolean healthy(Instant now) {
            return running && Duration.between(lastPoll, now).compareTo(STALLED_AFTER) < 0;
        }
    }

    @PostConstruct
    void start() {
        // here, not in a field initializer: the container builds proxies of this class, each running those
        owner = nodeName();
        settings = EngineSettings.from(ConfigProvider.getConfig(DeliveryEngine.class.getClassLoader()));
        lanes = new Lanes(settings.maxInFlight(), settings.perSubscription(), settings.perSubscription() * HOLD_PER_SENDING_SLOT);
        metrics.inFlight(() -> lanes.inFlight());
        // HTTP completions arrive on the HTTP client's threads, which carry no application context
        bookFromAnyThread = contextService.createContextualProxy((Runnable) () -> executor.execute(this::bookCompleted), Runnable.class);
        sources = List.of(deliveries, flowSteps);
        running = true;
        LOG.info(() -> "Delivery engine " + owner + " started: " + settings);
    }

    public void onDeliveriesDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesDue due) {
        wake();
    }

    public void onStepsDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) StepsDue due) {
        wake();
    }

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    public void poll() {
        lastTick = Instant.now();
        wake();
        submit(this::startDueSchedules);
        if (ticks.incrementAndGet() % BACKLOG_EVERY_TICKS == 0) {
            submit(this::refreshBacklog);
        }
    }

    public Status status() {
        return new Status(owner, running, lastTick, lanes == null ? 0 : lanes.inFlight());
    }

    /** Makes sure a pump runs soon; cheap to call often, several calls while one runs make it go round again. */
    public void wake() {
        pumpWanted.set(true);
        if (running && pumping.compareAndSet(false, true) && !submit(this::pump)) {
            pumping.set(false);
        }
    }

    private void pump() {
        try {
            while (running) {
                pumpWanted.set(false);
                boolean claimedAny = false;
                boolean more = false;
                for (WorkSource source : sources) {
                    int room = lanes.free();
                    if (room == 0) {
                        return; // bookings wake the pump again
                    }
                    WorkSource.Claim claim = claim(source, Math.min(room, settings.claimBatch()));
                    claim.claimed().forEach(lanes::enqueue);
                    claim.claimed().stream().map(ClaimedWork::lane).distinct().forEach(this::startLane);
                    claimedAny |= !claim.claimed().isEmpty();
                    more |= claim.pageFull();
                }
                if (!claimedAny || (!more && !pumpWanted.get())) {
                    return;
                }
            }
        } finally {
            pumping.set(false);
            if (pumpWanted.get() && running && lanes.free() > 0) {
                wake();
            }
        }
    }

    private WorkSource.Claim claim(WorkSource source, int want) {
        var gate = lanes.gate();
        try {
            return source.claim(owner, Timestamps.now(), settings.lease(), want, lanes.busy(), gate::tryHold);
        } catch (RuntimeException e) {
            gate.releaseAll();
            LOG.log(Level.WARNING, "Claiming due work from " + source.getClass().getSimpleName() + " failed; the next poll tries again", e);
            return WorkSource.Claim.none();
        }
    }

    private void startDueSchedules() {
        try {
            if (running && flowSteps.startDueSchedules(Timestamps.now()) > 0) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Starting due flow schedules failed; the next poll tries again", e);
        }
    }

    /** Sends what the lane may send now. Runs on the pump and on HTTP client threads: it never blocks on I/O. */
    private void startLane(String lane) {
        for (ClaimedWork claimed : lanes.startable(lane)) {
            Instant now = Timestamps.now();
            if (!running || claimed.request() == null
                    || now.plus(claimed.request().timeout()).plus(LEASE_MARGIN).isAfter(claimed.leaseUntil())) {
                // nothing to send; or stopping, or waited in the lane too long: sending now could outlive the lease
                // and meet another node's attempt
                lanes.answered(lane);
                queueForBooking(CompletedAttempt.unsent(claimed, now));
                continue;
            }
            send(claimed);
        }
    }

    private void send(ClaimedWork claimed) {
        try {
            sender.send(claimed.request()).whenComplete((outcome, error) -> finished(claimed, outcome != null ? outcome
                    : DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK, "sending failed: " + error, 0)));
        } catch (RuntimeException e) {
            finished(claimed, DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK, "sending failed: " + e, 0));
        }
    }

    private void finished(ClaimedWork claimed, DeliveryOutcome outcome) {
        lanes.answered(claimed.lane());
        queueForBooking(new CompletedAttempt(claimed, outcome, Timestamps.now()));
        startLane(claimed.lane());
    }

    private void queueForBooking(CompletedAttempt attempt) {
        completed.add(attempt);
        if (booking.compareAndSet(false, true)) {
            try {
                bookFromAnyThread.run();
            } catch (RuntimeException e) {
                booking.set(false);
                LOG.log(Level.WARNING, "Booking could not be scheduled; the next finished delivery tries again", e);
            }
        }
    }

    private void bookCompleted() {
        try {
            bookQueued();
        } finally {
            booking.set(false);
            if (!completed.isEmpty() && booking.compareAndSet(false, true) && !submit(this::bookCompleted)) {
                booking.set(false);
            }
        }
    }

    private void bookQueued() {
        List<CompletedAttempt> batch;
        while (!(batch = take(BOOK_BATCH)).isEmpty()) {
            List<Booked> booked = book(batch);
            for (int i = 0; i < batch.size(); i++) {
                metrics.attempt(batch.get(i), booked.get(i));
                lanes.booked();
            }
            wake(); // node slots were freed: claim more
        }
    }

    /** Books the batch, each source its own part, and answers one result per attempt in the batch's order. */
    private List<Booked> book(List<CompletedAttempt> batch) {
        Booked[] booked = new Booked[batch.size()];
        for (WorkSource source : sources) {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (source.claimed(batch.get(i).claimed())) {
                    mine.add(i);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            List<Booked> result = book(source, mine.stream().map(batch::get).toList());
            for (int i = 0; i < mine.size(); i++) {
                booked[mine.get(i)] = result.get(i);
            }
        }
        return List.of(booked);
    }

    private List<Booked> book(WorkSource source, List<CompletedAttempt> batch) {
        try {
            return source.book(owner, batch);
        } catch (RuntimeException batchFailed) {
            // one row changed under us (a delete, a manual retry) must not cost the others their booking
            List<Booked> booked = new ArrayList<>(batch.size());
            for (CompletedAttempt one : batch) {
                try {
                    booked.add(source.book(owner, List.of(one)).get(0));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, e, () -> "Booking the attempt on " + one.claimed().describe()
                            + " failed; it is tried again when its lease lapses");
                    booked.add(Booked.UNBOOKED);
                }
            }
            return booked;
        }
    }

    private List<CompletedAttempt> take(int max) {
        List<CompletedAttempt> batch = new ArrayList<>();
        CompletedAttempt next;
        while (batch.size() < max && (next = completed.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private void refreshBacklog() {
        try {
            Instant now = Timestamps.now();
            metrics.backlog(deliveries.backlog(now), now);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Backlog figures not refreshed", e);
        }
    }

    private boolean submit(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException | IllegalStateException e) {
            LOG.log(Level.FINE, "The delivery executor took no task (shutting down?)", e);
            return false;
        }
    }

    /**
     * Graceful stop: called when the web application stops (see {@code EngineShutdown}), while the datasource is
     * still there (on Payara it is gone by the time this bean's {@code @PreDestroy} runs), and again from
     * {@code @PreDestroy} as a fallback; the second call does nothing.
     */
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        running = false;
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (lanes.inFlight() > 0 && System.nanoTime() < deadline) {
            if (booking.compareAndSet(false, true)) {
                try {
                    bookQueued(); // here, on the stopping thread: the executor may already be gone
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Booking during shutdown failed", e);
                    break;
                } finally {
                    booking.set(false);
                }
            }
            sleep(20);
        }
        int left = lanes.inFlight();
        try {
            int released = 0;
            for (WorkSource source : sources) {
                released += source.releaseAll(owner);
            }
            int releasedTotal = released;
            LOG.info(() -> "Delivery engine " + owner + " stopped; " + left + " deliveries were still in flight, "
                    + releasedTotal + " leases given back");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivery engine " + owner + " stopped without giving back its leases; they lapse after "
                    + settings.lease().toSeconds() + " s", e);
        }
    }

    @PreDestroy
    void stop() {
        shutdown();
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String nodeName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "node");
        String name = host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() <= 64 ? name : name.substring(name.length() - 64);
    }
}
