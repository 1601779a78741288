package io.hookflow.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A receiver on 127.0.0.1 that answers 200 after a set delay and notes, per {@code webhook-id}, how often it
 * arrived and whether it arrived while an earlier request with the same id was still open.
 */
final class OverlapReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(128);
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
    private final Set<String> overlapping = ConcurrentHashMap.newKeySet();
    private volatile Duration delay = Duration.ZERO;

    OverlapReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void delay(Duration delay) {
        this.delay = delay;
    }

    /** Distinct webhook-ids that arrived at this path. */
    long distinctAt(String path) {
        return deliveries.keySet().stream().filter(key -> key.startsWith(path + " ")).count();
    }

    int requestsAt(String path) {
        return byPath.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Webhook-ids at this path that arrived more than once. */
    long repeatedAt(String path) {
        return deliveries.entrySet().stream().filter(e -> e.getKey().startsWith(path + " ") && e.getValue().get() > 1).count();
    }

    Set<String> overlapping() {
        return Set.copyOf(overlapping);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        String id = path + " " + exchange.getRequestHeaders().getFirst("webhook-id");
        byPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        if (open.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 1) {
            overlapping.add(id);
        }
        try {
            Thread.sleep(delay.toMillis());
            exchange.sendResponseHeaders(200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException senderGone) {
            // the sender died or timed out while we waited
        } finally {
            open.get(id).decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
