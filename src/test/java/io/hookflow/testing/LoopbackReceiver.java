package io.hookflow.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on 127.0.0.1 that records every request and answers from a script: queued replies
 * first, then the default (200 with an empty JSON object unless changed).
 */
public final class LoopbackReceiver implements AutoCloseable {

    /** What the receiver got. Header names are lower case. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers,
                          byte[] body, Instant receivedAt) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase())).flatMap(v -> v.stream().findFirst());
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** How to answer; {@code delay} holds the answer back (for timeouts). */
    public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
        public static Reply status(int status) {
            return new Reply(status, "{}", Map.of("Content-Type", "application/json"), Duration.ZERO);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"), Duration.ZERO);
        }

        public Reply withHeader(String name, String value) {
            var more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, body, more, delay);
        }

        public Reply after(Duration wait) {
            return new Reply(status, body, headers, wait);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Reply> queued = new ArrayDeque<>();
    private Function<Request, Reply> fallback = request -> Reply.status(200);

    private LoopbackReceiver(HttpServer server) {
        this.server = server;
    }

    public static LoopbackReceiver start() {
        return start(0);
    }

    /** On a given port (0: any free one). */
    public static LoopbackReceiver start(int port) {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            var receiver = new LoopbackReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (path.startsWith("/") ? path : "/" + path);
    }

    /** The next requests get these replies, in order; after them the default applies. */
    public synchronized LoopbackReceiver thenReply(Reply... replies) {
        queued.addAll(List.of(replies));
        return this;
    }

    public synchronized LoopbackReceiver byDefault(Function<Request, Reply> answer) {
        this.fallback = answer;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many of {@code requests} arrived per second, not counting the first {@code burst} that may come at once. */
    public static double perSecondAfter(List<Request> requests, int burst) {
        List<Instant> arrivals = requests.stream().map(Request::receivedAt).sorted().toList();
        double seconds = Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1)).toMillis() / 1000.0;
        return (arrivals.size() - burst) / seconds;
    }

    /** Waits until at least {@code count} requests arrived, and returns them all. */
    public List<Request> awaitRequests(int count, Duration timeout) {
        return await(count + " requests").atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(this::requests, arrived -> arrived.size() >= count);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        var request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body, Instant.now());
        Reply reply;
        synchronized (this) {
            requests.add(request);
            reply = queued.isEmpty() ? fallback.apply(request) : queued.poll();
        }
        try {
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            byte[] out = reply.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the caller timed out and hung up: that is what a delay is for
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
