package io.hookflow.delivery.control;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends a {@link DeliveryRequest} and reports what happened, for every kind of delivery. One shared JDK
 * {@link HttpClient}: HTTP/1.1 with pooled keep-alive connections, redirects never followed (a 3xx is an
 * answer like any other). The request's timeout bounds the whole exchange, body included. Sending is
 * asynchronous: no thread waits on a slow receiver.
 */
@ApplicationScoped
public class HttpSender {

    public static final String USER_AGENT = "Hookflow-Webhooks/1.0";
    /** Where the SSRF guard's DNS lookups wait, so that they never hold up the pump or the HTTP client. */
    static final String LOOKUP_EXECUTOR = "java:app/concurrent/hookflow-lookups";
    static final int LOOKUP_THREADS = 8;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    @Inject
    TargetGuard guard;

    @Resource(lookup = LOOKUP_EXECUTOR)
    ManagedExecutorService lookups;

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

    private CompletableFuture<DeliveryOutcome> exchange(DeliveryRequest request, Optional<String> refusal) {
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(
                    DeliveryOutcome.failed(DeliveryOutcome.Failure.REFUSED_TARGET, refusal.get(), 0));
        }
        long started = System.nanoTime();
        CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
        CompletableFuture<HttpResponse<LimitedBody.Kept>> exchange;
        try {
            HttpRequest http = build(request);
            exchange = client.sendAsync(http, info -> answerOnArrival(info, request, started, outcome));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(DeliveryOutcome.failed(DeliveryOutcome.Failure.REFUSED_TARGET,
                    refusedRequest(request), 0));
        }
        // only failures are read from the client's own future (they are rare): JDK 17 completes it through
        // CompletableFuture's default executor, which on fewer than three cores starts a new thread for every response
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                outcome.complete(failure(unwrap(error), request.timeout(), millisSince(started)));
            }
        });
        // the one timeout of the exchange, headers and body; cancelling the client's future aborts the request
        return outcome
                .orTimeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((answer, error) -> {
                    if (answer != null) {
                        return answer;
                    }
                    exchange.cancel(true);
                    return failure(unwrap(error), request.timeout(), millisSince(started));
                });
    }

    /** The answer is complete when its body is: taken there, on the HTTP client's own thread. */
    private static LimitedBody answerOnArrival(HttpResponse.ResponseInfo info, DeliveryRequest request, long started,
                                               CompletableFuture<DeliveryOutcome> outcome) {
        var body = new LimitedBody(request.maxResponseBytes());
        body.getBody().thenAccept(kept -> outcome.complete(DeliveryOutcome.answered(info.statusCode(),
                info.headers().map(), kept.bytes(), kept.truncated(), millisSince(started))));
        return body;
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /**
     * Why the HTTP client refused to build the request, without its words: the JDK quotes the whole offending header
     * value (a bearer token, an API key), and this text is stored where viewers read it.
     */
    static String refusedRequest(DeliveryRequest request) {
        for (var header : request.headers().entrySet()) {
            try {
                var probe = HttpRequest.newBuilder(request.url());
                header.getValue().forEach(value -> probe.header(header.getKey(), value));
            } catch (IllegalArgumentException e) {
                return "the request cannot be sent: header " + safeName(header.getKey()) + " has a name or value HTTP does not allow";
            }
        }
        return "the request cannot be sent: its method, URL or a header is not allowed by HTTP";
    }

    private static String safeName(String name) {
        return name.length() <= 64 && name.chars().allMatch(c -> c > 32 && c < 127) ? name : "(unprintable name)";
    }

    private static HttpRequest build(DeliveryRequest request) {
        var body = request.bodyUnsafe() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.bodyUnsafe());
        // no HttpRequest.timeout: the JDK's timer of an earlier exchange could fire on the pooled connection while a
        // later request was using it (JDK-8304701), failing a delivery the receiver had already accepted, which was
        // then sent again; the whole-exchange timeout in exchange() bounds every request instead
        var builder = HttpRequest.newBuilder(request.url())
                .method(request.method(), body)
                .header("User-Agent", USER_AGENT);
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        return builder.build();
    }

    static DeliveryOutcome failure(Throwable error, Duration timeout, long latency) {
        if (error instanceof HttpConnectTimeoutException) {
            return DeliveryOutcome.failed(DeliveryOutcome.Failure.TIMEOUT,
                    "connection not established within " + seconds(CONNECT_TIMEOUT.compareTo(timeout) < 0 ? CONNECT_TIMEOUT : timeout), latency);
        }
        if (error instanceof HttpTimeoutException || error instanceof TimeoutException) {
            return DeliveryOutcome.failed(DeliveryOutcome.Failure.TIMEOUT,
                    "no complete response within " + seconds(timeout), latency);
        }
        if (error instanceof ConnectException) {
            return DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK,
                    "connection failed: " + describe(error), latency);
        }
        if (error instanceof ClosedChannelException) {
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
