package io.hookflow.delivery.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import io.hookflow.platform.control.Timestamps;

/**
 * The engine's side of one {@link WorkSource}: wraps what it claims so the engine can queue and send it without
 * knowing its type, has each finished exchange interpreted on the executor (one item at a time, so a slow or
 * failing one holds up nobody), and books the results in batches on its own task. Any exception of one item, in
 * interpreting or booking it, fails that item alone.
 */
final class WorkChannel<W extends ClaimedWork, F> {

    static final int BOOK_BATCH = 200;
    private static final Logger LOG = Logger.getLogger(WorkChannel.class.getName());

    /** Claimed work as the engine queues and sends it. */
    interface Item extends Lanes.Queued {
        DeliveryRequest request();

        Instant leaseUntil();

        /** It was sent and came to {@code outcome}, or was never sent ({@code outcome} null). */
        void finish(DeliveryOutcome outcome, Instant at);
    }

    /** What a claim leased. */
    record Claimed(List<Item> items, boolean pageFull) {
    }

    /** The engine around the channel. */
    interface Host {
        /** Runs {@code task} on the engine's executor; callable from any thread. */
        void dispatch(Runnable task);

        /** {@code count} items were booked: their node slots are free. */
        void booked(int count);
    }

    private final class Job implements Item {
        final W work;

        Job(W work) {
            this.work = work;
        }

        @Override
        public String lane() {
            return work.lane();
        }

        @Override
        public String tenant() {
            return work.tenant();
        }

        @Override
        public DeliveryRequest request() {
            return work.request();
        }

        @Override
        public Instant leaseUntil() {
            return work.leaseUntil();
        }

        @Override
        public void finish(DeliveryOutcome outcome, Instant at) {
            host.dispatch(() -> interpret(this, outcome, at));
        }
    }

    private final class Finished {
        final Job job;
        final DeliveryOutcome outcome;
        final Instant at;
        F result;

        Finished(Job job, DeliveryOutcome outcome, Instant at, F result) {
            this.job = job;
            this.outcome = outcome;
            this.at = at;
            this.result = result;
        }
    }

    private final WorkSource<W, F> source;
    private final Host host;
    private final DeliveryMetrics.Kind metrics;
    private final ConcurrentLinkedQueue<Finished> completed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean booking = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final FruitlessClaims fruitless = new FruitlessClaims();

    WorkChannel(WorkSource<W, F> source, Host host, DeliveryMetrics metrics) {
        this.source = source;
        this.host = host;
        this.metrics = metrics.kind(source.kind(), inFlight::get);
    }

    String kind() {
        return source.kind();
    }

    /** Work may have become due that no claim has seen: new work, the poll's tick. */
    void workMayBeDue() {
        fruitless.changed();
    }

    /** Claims as {@code request} says, unless the same claim is known to find nothing ({@link FruitlessClaims}). */
    Claimed claim(ClaimRequest request) {
        if (fruitless.known(request.busyLanes(), request.busyTenants())) {
            return new Claimed(List.of(), false);
        }
        long seen = fruitless.claiming();
        Claim<W> claim = source.claim(request);
        if (claim.exhausted()) {
            fruitless.exhausted(request.busyLanes(), request.busyTenants(), seen);
        }
        List<Item> items = new ArrayList<>(claim.claimed().size());
        claim.claimed().forEach(work -> items.add(new Job(work)));
        inFlight.addAndGet(items.size());
        return new Claimed(items, claim.pageFull());
    }

    private void interpret(Job job, DeliveryOutcome outcome, Instant at) {
        F result;
        try {
            result = source.interpret(job.work, outcome, at);
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.log(Level.WARNING, e, () -> "Interpreting the outcome of " + job.work.describe() + " failed; it is booked as failed");
            result = failedOrNull(job, outcome, "its outcome could not be evaluated (" + e.getClass().getSimpleName() + ")", at);
        }
        completed.add(new Finished(job, outcome, at, result));
        scheduleBooking();
    }

    private void scheduleBooking() {
        if (booking.compareAndSet(false, true)) {
            try {
                host.dispatch(this::bookCompleted);
            } catch (RuntimeException e) {
                booking.set(false);
                LOG.log(Level.WARNING, "Booking could not be scheduled; the next finished item tries again", e);
            }
        }
    }

    private void bookCompleted() {
        try {
            bookQueued(owner);
        } finally {
            booking.set(false);
            if (!completed.isEmpty()) {
                scheduleBooking();
            }
        }
    }

    private volatile String owner;

    void owner(String owner) {
        this.owner = owner;
    }

    /** Books everything finished so far; on the booking task, or on the stopping thread at shutdown. */
    void bookQueued(String owner) {
        List<Finished> batch;
        while (!(batch = take()).isEmpty()) {
            List<Booked> booked = book(owner, batch);
            for (int i = 0; i < batch.size(); i++) {
                Finished one = batch.get(i);
                metrics.booked(booked.get(i), one.outcome);
            }
            fruitless.booked(batch.stream().map(one -> one.job.lane()).collect(Collectors.toSet()));
            inFlight.addAndGet(-batch.size());
            host.booked(batch.size());
        }
    }

    /** Booking at shutdown: only if no booking task runs now. */
    boolean tryBookQueued(String owner) {
        if (!booking.compareAndSet(false, true)) {
            return false;
        }
        try {
            bookQueued(owner);
            return true;
        } finally {
            booking.set(false);
        }
    }

    private List<Booked> book(String owner, List<Finished> batch) {
        List<Finished> bookable = batch.stream().filter(f -> f.result != null).toList();
        try {
            List<Booked> results = source.book(owner, bookable.stream().map(f -> f.result).toList());
            List<Booked> booked = new ArrayList<>(batch.size());
            int next = 0;
            for (Finished one : batch) {
                booked.add(one.result == null ? Booked.UNBOOKED : results.get(next++));
            }
            return booked;
        } catch (RuntimeException | Error batchFailed) {
            rethrowIfFatal(batchFailed);
            // one row changed under us (a delete, a manual retry) or one poisoned item must not cost the others
            return batch.stream().map(one -> bookAlone(owner, one)).toList();
        }
    }

    private Booked bookAlone(String owner, Finished one) {
        if (one.result == null) {
            return Booked.UNBOOKED;
        }
        try {
            return source.book(owner, List.of(one.result)).get(0);
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.log(Level.WARNING, e, () -> "Booking " + one.job.work.describe() + " failed; it is booked as failed");
        }
        F failed = failedOrNull(one.job, one.outcome, "it could not be booked (internal error)", one.at);
        if (failed == null) {
            return Booked.UNBOOKED;
        }
        try {
            return source.book(owner, List.of(failed)).get(0);
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.log(Level.WARNING, e, () -> "Booking " + one.job.work.describe() + " as failed did not work either; "
                    + "it is tried again when its lease lapses");
            return Booked.UNBOOKED;
        }
    }

    private F failedOrNull(Job job, DeliveryOutcome outcome, String reason, Instant at) {
        try {
            return source.failed(job.work, outcome, reason, at);
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.log(Level.WARNING, e, () -> "Even failing " + job.work.describe() + " failed; its lease lapses");
            return null;
        }
    }

    private List<Finished> take() {
        List<Finished> batch = new ArrayList<>();
        Finished next;
        while (batch.size() < BOOK_BATCH && (next = completed.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    int releaseAll(String owner) {
        return source.releaseAll(owner);
    }

    void refreshBacklog() {
        Instant now = Timestamps.now();
        metrics.backlog(source.backlog(now), now);
    }

    /**
     * An error that says the JVM itself is broken goes on; anything one item can cause (an exception, a stack
     * overflow, an allocation too large, a class that failed to load) is that item's failure.
     */
    static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError) && !(e instanceof OutOfMemoryError)) {
            throw (VirtualMachineError) e;
        }
        if (e instanceof ThreadDeath) {
            throw (ThreadDeath) e;
        }
    }
}
