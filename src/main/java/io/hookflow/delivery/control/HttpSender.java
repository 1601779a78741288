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
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    @Inject
    TargetGuard guard;

    /** Never completes exceptionally: every failure is an outcome. */
    public CompletableFuture<DeliveryOutcome> send(DeliveryRequest request) {
        long started = System.nanoTime();
        var refusal = guard.refusal(request.url().toString());
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(
                    DeliveryOutcome.failed(DeliveryOutcome.Failure.REFUSED_TARGET, refusal.get(), 0));
        }
        HttpRequest http;
        try {
            http = build(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(DeliveryOutcome.failed(DeliveryOutcome.Failure.REFUSED_TARGET,
                    "the request cannot be sent: " + e.getMessage(), 0));
        }
        CompletableFuture<HttpResponse<LimitedBody.Kept>> exchange =
                client.sendAsync(http, info -> new LimitedBody(request.maxResponseBytes()));
        // the client's own timeout stops waiting at the response headers; this one covers a body that trickles
        return exchange.copy()
                .orTimeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    if (response != null) {
                        return DeliveryOutcome.answered(response.statusCode(), response.headers().map(),
                                response.body().bytes(), response.body().truncated(), latency);
                    }
                    exchange.cancel(true);
                    return failure(unwrap(error), request.timeout(), latency);
                });
    }

    private static HttpRequest build(DeliveryRequest request) {
        var body = request.bodyUnsafe() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.bodyUnsafe());
        var builder = HttpRequest.newBuilder(request.url())
                .timeout(request.timeout())
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

    private static String describe(Throwable error) {
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
