package io.hookflow.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
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
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.hookflow.platform.control.Timestamps;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Runs every kind of work on this node: each feature's {@link WorkSource} (found by CDI, the engine knows none of
 * them) served by one pump, one sender and a booking task per source, within one set of bounds. Three things start
 * work: a transaction that made work due ({@link WorkDue}, heard after commit by {@link EngineWakeup}); a finished
 * booking, which frees room; and a non-persistent timer polling every second as the safety net (scheduled retries,
 * work whose lease lapsed on a dead node, hand-offs lost to a crash).
 *
 * <p>One "pump" task at a time claims due work from each source in pages, under a lease ({@link LeaseTerms}), up to
 * the free room (node-wide, per tenant and per lane, see {@link Lanes}); each lane sends its work asynchronously,
 * at most its concurrency at once; a finished exchange is interpreted by its source on the executor, then booked in
 * batches. All of it runs on a bounded managed executor. A graceful stop stops claiming, waits a little for what is
 * in flight, and gives back the leases it still holds.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ManagedExecutorDefinition(name = DeliveryEngine.EXECUTOR, maxAsync = DeliveryEngine.EXECUTOR_THREADS)
@ManagedExecutorDefinition(name = DeliveryEngine.WORKERS_EXECUTOR, maxAsync = DeliveryEngine.WORKERS)
@ManagedExecutorDefinition(name = HttpSender.LOOKUP_EXECUTOR, maxAsync = HttpSender.LOOKUP_THREADS)
public class DeliveryEngine {

    public static final String EXECUTOR = "java:app/concurrent/hookflow-delivery";
    static final int EXECUTOR_THREADS = 4;
    static final String WORKERS_EXECUTOR = "java:app/concurrent/hookflow-delivery-workers";
    static final int WORKERS = 2;
    static final Duration STALLED_AFTER = Duration.ofSeconds(30);
    private static final int BACKLOG_EVERY_TICKS = 5;
    private static final Logger LOG = Logger.getLogger(DeliveryEngine.class.getName());

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Resource(lookup = WORKERS_EXECUTOR)
    ManagedExecutorService workersExecutor;

    @Resource
    ContextService contextService;

    @Inject
    @Any
    Instance<WorkSource<?, ?>> workSources;

    @Inject
    HttpSender sender;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    EngineWakeup wakeup;

    @Inject
    EngineHeartbeat heartbeat;

    private volatile String owner;
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean pumpWanted = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger ticks = new AtomicInteger();
    private final EngineWorkers workers = new EngineWorkers();
    /**
     * The pump's own long-running task: started anew on the executor after every booking, each start captured the
     * context again through Payara's provider lookup (JFR: 7 % of a drain's samples).
     */
    private final EngineWorkers pumper = new EngineWorkers();
    private volatile EngineSettings settings;
    private volatile LeaseTerms leaseTerms;
    private volatile Lanes<WorkChannel.Item> lanes;
    private volatile List<WorkChannel<?, ?>> channels = List.of();
    private volatile Executor fromAnyThread;
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
        leaseTerms = new LeaseTerms(settings.lease());
        lanes = new Lanes<>(settings.maxInFlight(), settings.perSubscription(), settings.holdPerLane(), settings.holdPerTenant());
        metrics.inFlight(() -> lanes.inFlight());
        // HTTP completions arrive on the HTTP client's threads, which carry no application context
        Executor plain = executor::execute;
        fromAnyThread = contextService.createContextualProxy(plain, Executor.class);
        WorkChannel.Host host = new WorkChannel.Host() {
            @Override
            public void dispatch(Runnable task) {
                DeliveryEngine.this.dispatch(task);
            }

            @Override
            public void booked(int count) {
                for (int i = 0; i < count; i++) {
                    lanes.booked();
                }
                wake(); // node slots were freed: claim more
            }
        };
        List<WorkChannel<?, ?>> found = new ArrayList<>();
        workSources.forEach(source -> found.add(channel(source, host)));
        found.forEach(channel -> channel.owner(owner));
        channels = List.copyOf(found);
        workers.start(workersExecutor, WORKERS);
        pumper.start(executor, 1);
        running = true;
        wakeup.wakeWith(this::workArrived);
        heartbeat.readFrom(this::status);
        LOG.info(() -> "Delivery engine " + owner + " started: " + settings + "; work: "
                + channels.stream().map(WorkChannel::kind).toList() + "; a claim holds its work for the lease or the request's "
                + "timeout plus " + LeaseTerms.CLAIM_MARGIN.toSeconds() + " s, whichever is longer");
    }

    private static <W extends ClaimedWork, F> WorkChannel<W, F> channel(WorkSource<W, F> source, WorkChannel.Host host,
                                                                       DeliveryMetrics metrics) {
        return new WorkChannel<>(source, host, metrics);
    }

    private WorkChannel<?, ?> channel(WorkSource<?, ?> source, WorkChannel.Host host) {
        return channel(source, host, metrics);
    }

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    public void poll() {
        lastTick = Instant.now();
        workArrived(); // or came due by time, or on another node
        if (ticks.incrementAndGet() % BACKLOG_EVERY_TICKS == 0) {
            submit(this::refreshBacklog);
        }
    }

    private Status status() {
        return new Status(owner, running, lastTick, lanes == null ? 0 : lanes.inFlight());
    }

    private void workArrived() {
        channels.forEach(WorkChannel::workMayBeDue);
        wake();
    }

    /** Makes sure a pump runs soon; cheap to call often, several calls while one runs make it go round again. */
    public void wake() {
        pumpWanted.set(true);
        if (running && pumping.compareAndSet(false, true) && !pumper.offer(this::pump) && !submit(this::pump)) {
            pumping.set(false);
        }
    }

    private void pump() {
        try {
            while (running) {
                pumpWanted.set(false);
                boolean claimedAny = false;
                boolean more = false;
                for (WorkChannel<?, ?> channel : channels) {
                    int room = lanes.free();
                    if (room == 0) {
                        return; // bookings wake the pump again
                    }
                    WorkChannel.Claimed claimed = claim(channel, Math.min(room, settings.claimBatch()));
                    claimed.items().forEach(lanes::enqueue);
                    claimed.items().stream().map(WorkChannel.Item::lane).distinct().forEach(this::startLane);
                    claimedAny |= !claimed.items().isEmpty();
                    more |= claimed.pageFull();
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

    private WorkChannel.Claimed claim(WorkChannel<?, ?> channel, int want) {
        var gate = lanes.gate();
        var request = new ClaimRequest(owner, Timestamps.now(), leaseTerms, want, lanes.busyLanes(), lanes.busyTenants(), gate);
        try {
            WorkChannel.Claimed claimed = channel.claim(request);
            gate.keepFor(claimed.items());
            return claimed;
        } catch (RuntimeException | Error e) {
            gate.releaseAll();
            WorkChannel.rethrowIfFatal(e);
            LOG.log(Level.WARNING, "Claiming due " + channel.kind() + " work failed; the next poll tries again", e);
            return new WorkChannel.Claimed(List.of(), false);
        }
    }

    /** Sends what the lane may send now. Runs on the pump and on HTTP client threads: it never blocks on I/O. */
    private void startLane(String lane) {
        for (WorkChannel.Item item : lanes.startable(lane)) {
            Instant now = Timestamps.now();
            DeliveryRequest request = item.request();
            if (!running || request == null || !leaseTerms.leavesRoomToSend(now, request.timeout(), item.leaseUntil())) {
                // nothing to send; or stopping, or waited in the lane too long: sending now could outlive the lease
                // and meet another node's attempt
                lanes.answered(item);
                item.finish(null, now);
                continue;
            }
            send(item, request);
        }
    }

    private void send(WorkChannel.Item item, DeliveryRequest request) {
        try {
            sender.send(request).whenComplete((outcome, error) -> finished(item, outcome != null ? outcome
                    : DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK, "sending failed: " + HttpSender.describe(error), 0)));
        } catch (RuntimeException e) {
            finished(item, DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK, "sending failed: " + HttpSender.describe(e), 0));
        }
    }

    private void finished(WorkChannel.Item item, DeliveryOutcome outcome) {
        lanes.answered(item);
        item.finish(outcome, Timestamps.now());
        startLane(item.lane());
    }

    /**
     * Runs {@code task} on a worker from any thread; on the executor while no worker runs; inline if the executor
     * takes no more (stopping).
     */
    private void dispatch(Runnable task) {
        if (workers.offer(task)) {
            return;
        }
        try {
            fromAnyThread.execute(task);
        } catch (RejectedExecutionException | IllegalStateException e) {
            task.run();
        }
    }

    private void refreshBacklog() {
        for (WorkChannel<?, ?> channel : channels) {
            try {
                channel.refreshBacklog();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Backlog figures not refreshed", e);
            }
        }
    }

    private boolean submit(Runnable task) {
        try {
            // through the engine's own captured context: wake() also runs after a commit on a thread that holds no
            // component context any more (an EJB timer's transaction), and a task submitted from there ran without one
            fromAnyThread.execute(task);
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
            workers.runQueued(); // the workers may be gone with the executor
            for (WorkChannel<?, ?> channel : channels) {
                try {
                    channel.tryBookQueued(owner); // here, on the stopping thread: the executor may already be gone
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Booking during shutdown failed", e);
                }
            }
            sleep(20);
        }
        workers.stop();
        pumper.stop();
        workers.runQueued();
        int left = lanes.inFlight();
        int released = 0;
        for (WorkChannel<?, ?> channel : channels) {
            try {
                released += channel.releaseAll(owner);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Delivery engine " + owner + " stopped without giving back its " + channel.kind()
                        + " leases; they lapse by themselves", e);
            }
        }
        int releasedTotal = released;
        LOG.info(() -> "Delivery engine " + owner + " stopped; " + left + " items were still in flight, "
                + releasedTotal + " leases given back");
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
