package io.hookflow.delivery.control;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends a {@link DeliveryRequest} and reports what happened, for every kind of delivery, through one shared
 * {@link OutboundClient}. The request's timeout bounds the whole exchange, body included. Sending is
 * asynchronous: no thread waits on a slow receiver.
 */
@ApplicationScoped
public class HttpSender {

    public static final String USER_AGENT = "Hookflow-Webhooks/1.0";
    /** Where the SSRF guard's DNS lookups wait, so that they never hold up the pump or the HTTP client. */
    static final String LOOKUP_EXECUTOR = "java:app/concurrent/hookflow-lookups";
    static final int LOOKUP_THREADS = 8;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    TargetGuard guard;

    @Resource(lookup = LOOKUP_EXECUTOR)
    ManagedExecutorService lookups;

    /** The client's I/O threads: the container's, never threads of our own. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private volatile CloseableHttpAsyncClient client;

    /** Started at the first send: a server that never delivers starts no I/O threads. */
    private CloseableHttpAsyncClient client() {
        CloseableHttpAsyncClient started = client;
        if (started == null) {
            synchronized (this) {
                if (client == null) {
                    client = OutboundClient.start(threads, Timeout.of(CONNECT_TIMEOUT));
                }
                started = client;
            }
        }
        return started;
    }

    @PreDestroy
    void close() {
        CloseableHttpAsyncClient started = client;
        if (started != null) {
            // the engine has booked or given back what was in flight by now (EngineShutdown runs before this)
            started.close(CloseMode.GRACEFUL);
        }
    }

    /**
     * Never completes exceptionally: every failure is an outcome. Returns at once: the guard's DNS lookup (when
     * the guard is on) runs on its own executor, the exchange on the HTTP client's.
     */
    public CompletableFuture<DeliveryOutcome> send(DeliveryRequest request) {
        if (!guard.resolves()) {
            return exchange(request, Optional.empty());
        }
        try {
            Executor lookup = lookups != null ? lookups : Runnable::run; // no container (unit tests): inline
            return CompletableFuture.supplyAsync(() -> guard.refusal(request.url().toString()), lookup)
                    .thenCompose(refusal -> exchange(request, refusal))
                    .exceptionally(error -> DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK,
                            "sending failed: " + describe(error), 0));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK,
                    "not sent: the server is stopping", 0));
        }
    }

    private CompletableFuture<DeliveryOutcome> exchange(DeliveryRequest request, Optional<String> guardRefusal) {
        Optional<String> refusal = guardRefusal.isPresent() ? guardRefusal : OutboundRequests.refusal(request);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(
                    DeliveryOutcome.failed(DeliveryOutcome.Failure.REFUSED_TARGET, refusal.get(), 0));
        }
        long started = System.nanoTime();
        CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
        var answer = new LimitedBody(request.maxResponseBytes(), kept -> outcome.complete(DeliveryOutcome.answered(
                kept.status(), kept.headers(), kept.body(), kept.truncated(), millisSince(started))));
        Future<Void> exchange;
        try {
            exchange = client().execute(OutboundRequests.producer(request), answer, null, new FutureCallback<>() {
                @Override
                public void completed(Void result) {
                    // the answer completed the outcome as it arrived
                }

                @Override
                public void failed(Exception error) {
                    outcome.complete(failure(unwrap(error), request.timeout(), millisSince(started)));
                }

                @Override
                public void cancelled() {
                    // the timeout below cancels after giving its outcome; otherwise the client is closing
                    outcome.complete(DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK,
                            "not sent: the server is stopping", millisSince(started)));
                }
            });
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture(DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK,
                    "not sent: the server is stopping", 0));
        }
        // the one timeout of the exchange, headers and body; cancelling the client's future aborts the request
        return outcome
                .orTimeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((delivered, error) -> {
                    if (delivered != null) {
                        return delivered;
                    }
                    exchange.cancel(true);
                    return failure(unwrap(error), request.timeout(), millisSince(started));
                });
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    static DeliveryOutcome failure(Throwable error, Duration timeout, long latency) {
        if (error instanceof ConnectTimeoutException) {
            return DeliveryOutcome.failed(DeliveryOutcome.Failure.TIMEOUT,
                    "connection not established within " + seconds(CONNECT_TIMEOUT.compareTo(timeout) < 0 ? CONNECT_TIMEOUT : timeout), latency);
        }
        if (error instanceof TimeoutException || error instanceof SocketTimeoutException) {
            return DeliveryOutcome.failed(DeliveryOutcome.Failure.TIMEOUT,
                    "no complete response within " + seconds(timeout), latency);
        }
        if (error instanceof ConnectException) {
            return DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK,
                    "connection failed: " + describe(error), latency);
        }
        if (error instanceof UnknownHostException) {
            return DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK,
                    "connection failed: the host name does not resolve (" + describe(error) + ")", latency);
        }
        if (error instanceof ConnectionClosedException || error instanceof ClosedChannelException) {
            return DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK, "connection closed by the receiver", latency);
        }
        return DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK, "network error: " + describe(error), latency);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof java.util.concurrent.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String what = message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
        return root == error || error.getMessage() == null ? what : error.getMessage() + " (" + what + ")";
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
