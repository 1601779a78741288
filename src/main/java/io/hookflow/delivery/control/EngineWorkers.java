package io.hookflow.delivery.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.concurrent.ManagedExecutors;
import jakarta.enterprise.concurrent.ManagedTask;

/**
 * A few long-running tasks on a managed executor that run the engine's small jobs (interpreting a finished
 * exchange, booking a batch) from one queue, so that handing a job over costs a queue insert. A task submitted to
 * the executor for every finished exchange cost more than the job itself: Payara captures the submitting thread's
 * context on every submission and looks its context providers up with a {@code ServiceLoader} over every jar of
 * the application (JFR: 23 % of the samples while the server drained a backlog). The engine's pump runs on an
 * instance of its own with one worker, so that a claim never waits behind bookings.
 *
 * <p>A job that fails is logged and costs no worker. While no worker runs (not started yet, the executor refused
 * them, or stopping) {@link #offer} says no and the caller runs the job another way.
 */
final class EngineWorkers {

    private static final Logger LOG = Logger.getLogger(EngineWorkers.class.getName());
    private static final long IDLE_CHECK_MILLIS = 500;

    private final BlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final List<Future<?>> workers = new ArrayList<>();
    private volatile boolean stopped;

    /** Starts {@code count} workers on {@code executor} (the container's managed one); fewer if it refuses some. */
    synchronized void start(ExecutorService executor, int count) {
        for (int i = 0; i < count; i++) {
            Runnable work = ManagedExecutors.managedTask(this::work,
                    Map.of(ManagedTask.LONGRUNNING_HINT, "true", ManagedTask.IDENTITY_NAME, "hookflow-engine-worker"), null);
            try {
                workers.add(executor.submit(work));
            } catch (RejectedExecutionException e) {
                LOG.log(Level.WARNING, "The engine's executor took " + i + " of " + count + " workers", e);
                return;
            }
        }
    }

    /** Queues {@code job} for a worker; false (the job not taken) while no worker runs. */
    boolean offer(Runnable job) {
        if (stopped || running.get() == 0) {
            return false;
        }
        jobs.add(job);
        return true;
    }

    int running() {
        return running.get();
    }

    /** Runs what is queued on the calling thread: at shutdown, when the workers may be gone. */
    void runQueued() {
        Runnable job;
        while ((job = jobs.poll()) != null) {
            runSafely(job);
        }
    }

    /** Stops the workers; what is still queued is left to {@link #runQueued}. */
    synchronized void stop() {
        stopped = true;
        workers.forEach(worker -> worker.cancel(true));
        workers.clear();
    }

    private void work() {
        running.incrementAndGet();
        try {
            while (!stopped) {
                Runnable job = jobs.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (job != null) {
                    runSafely(job);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    }

    private static void runSafely(Runnable job) {
        try {
            job.run();
        } catch (RuntimeException | Error e) {
            WorkChannel.rethrowIfFatal(e);
            LOG.log(Level.WARNING, "An engine job failed", e);
        }
    }
}
