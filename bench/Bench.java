import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * The delivery benchmark: one command (bench/run.sh) runs Hookflow on PostgreSQL against a receiver on
 * 127.0.0.1 and prints what it sustained. JDK only, run as a source file. See docs/benchmarks.md, "Delivery engine".
 *
 * Phases: (1) the receiver's own ceiling, measured with wrk; (2) publish capacity: events/s accepted by
 * POST /events with 32 concurrent clients; (3) publish-to-first-attempt latency at a fixed offered rate
 * (open loop: latency counts from the scheduled send time); (4) a backlog of due records inserted in one
 * transaction and drained: deliveries/s sustained. The server's peak heap (from its GC log) and peak RSS
 * are printed at the end.
 */
public class Bench {

    static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");
    static final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    static final AtomicLong received = new AtomicLong();
    static final AtomicLong duplicates = new AtomicLong();
    /** Results as they come, printed at once too, so a long run shows its figures as it goes. */
    static final Map<String, String> results = new LinkedHashMap<>() {
        @Override
        public String put(String key, String value) {
            System.out.printf(Locale.ROOT, "%-62s %s%n", key, value);
            return super.put(key, value);
        }
    };
    static final Map<String, String> options = new LinkedHashMap<>(Map.of(
            "db", "hookflow_bench",
            "rate", "500",
            "rate-seconds", "20",
            "publish-events", "5000",
            "backlog", "1000000",
            "xmx", "512m",
            "workdir", "target/bench",
            "phases", "ceiling,publish,latency,backlog"));

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path work = Files.createDirectories(Path.of(options.get("workdir")).toAbsolutePath());
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", JDK " + System.getProperty("java.version"));

        results.put("load average at start (other work on the machine)", loadAverage());
        HttpServer receiver = startReceiver();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        if (phase("ceiling")) {
            results.put("receiver ceiling (wrk, 2 threads, 32 connections, 10 s)", receiverCeiling(hook, work));
        }
        received.set(0);
        firstArrival.clear();

        recreateDatabase(options.get("db"));
        Server server = Server.start(work, options.get("db"), options.get("xmx"));
        try {
            String team = "b" + Long.toHexString(System.nanoTime()).substring(0, 8) + "0000000000000000".substring(0, 15);
            String token = mintToken(team);
            var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port;
            var created = send(http, base + "/workflows/v1/workflow-webhooks", token, "{\"name\":\"bench\",\"url\":\"" + hook
                    + "\",\"actions\":[\"workflow_created\"],\"timeout_seconds\":10,\"max_retries\":3,\"retry_backoff_seconds\":1}");
            if (created.statusCode() / 100 != 2) {
                throw new IllegalStateException("could not create the subscription: " + created.statusCode() + " " + created.body());
            }
            String subscription = field(created.body(), "id");

            if (phase("publish")) {
                publishCapacity(http, base, token, results);
            }
            if (phase("latency")) {
                latencyAtFixedRate(http, base, token, results);
            }
            if (phase("backlog")) {
                backlogDrain(subscription, team, server, results);
            }
            results.put("server peak heap after GC / before GC (GC log)", server.peakHeap());
            results.put("server peak RSS (VmHWM)", server.peakRss());
            results.put("duplicate deliveries seen by the receiver", Long.toString(duplicates.get()));
            results.put("load average at the end", loadAverage());
        } finally {
            server.stop();
            receiver.stop(0);
        }
        var summary = new StringBuilder("=== Hookflow delivery benchmark " + Instant.now() + " ===" + System.lineSeparator());
        results.forEach((k, v) -> summary.append(String.format(Locale.ROOT, "%-62s %s%n", k, v)));
        System.out.println();
        System.out.print(summary);
        Files.writeString(work.resolve("results.txt"), summary);
        System.exit(0);
    }

    static boolean phase(String name) {
        return Arrays.asList(options.get("phases").split(",")).contains(name);
    }

    // ---- the receiver: 200 {} to everything, notes the first arrival of each event_id ----

    static HttpServer startReceiver() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            long now = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.incrementAndGet();
            Matcher m = EVENT_ID.matcher(new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
            if (m.find() && firstArrival.putIfAbsent(m.group(1), now) != null && !m.group(1).equals("wrk")) {
                duplicates.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        return server;
    }

    static String receiverCeiling(String hook, Path work) throws Exception {
        if (!onPath("wrk")) {
            return "not measured: wrk is not installed (apt-get install wrk)";
        }
        Path script = work.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.body = '{\"event_id\":\"wrk\",\"type\":\"workflow_created\",\"action\":\"workflow_created\",\"payload\":{\"n\":1}}'\n");
        String out = run(List.of("wrk", "-t2", "-c32", "-d10s", "-s", script.toString(), hook));
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher lat = Pattern.compile("Latency\\s+(\\S+)").matcher(out);
        return (m.find() ? String.format(Locale.ROOT, "%.0f requests/s", Double.parseDouble(m.group(1))) : "wrk output unreadable: " + out)
                + (lat.find() ? " (mean latency " + lat.group(1) + ")" : "");
    }

    // ---- phases ----

    static void publishCapacity(HttpClient http, String base, String token, Map<String, String> results) throws Exception {
        int events = Integer.parseInt(options.get("publish-events"));
        var permits = new Semaphore(32);
        var accepted = new AtomicLong();
        var futures = new ArrayList<CompletableFuture<?>>();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            permits.acquire();
            futures.add(http.sendAsync(publish(base, token, "cap-" + i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        permits.release();
                        if (r != null && r.statusCode() == 202) {
                            accepted.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        results.put("publish: events/s accepted (32 concurrent clients, " + events + " events)",
                String.format(Locale.ROOT, "%.0f events/s (%d of %d answered 202)", accepted.get() / seconds, accepted.get(), events));
        awaitReceived(k -> k.startsWith("cap-"), accepted.get(), Duration.ofMinutes(5));
    }

    static void latencyAtFixedRate(HttpClient http, String base, String token, Map<String, String> results) throws Exception {
        if (!phase("publish")) {
            warmUp(http, base, token);
        }
        int rate = Integer.parseInt(options.get("rate"));
        int seconds = Integer.parseInt(options.get("rate-seconds"));
        int events = rate * seconds;
        long[] scheduled = new long[events];
        long[] answered = new long[events];
        var accepted = new AtomicLong();
        var futures = new ArrayList<CompletableFuture<?>>();
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < events; i++) {
            scheduled[i] = start + (long) (i * 1e9 / rate);
            long wait = scheduled[i] - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            futures.add(http.sendAsync(publish(base, token, "lat-" + i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        answered[index] = System.nanoTime();
                        if (r != null && r.statusCode() == 202) {
                            accepted.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        awaitReceived(k -> k.startsWith("lat-"), accepted.get(), Duration.ofMinutes(5));
        long[] latencies = new long[events];
        long[] publishTimes = new long[events];
        long[] afterAnswer = new long[events];
        int n = 0;
        for (int i = 0; i < events; i++) {
            Long arrival = firstArrival.get("lat-" + i);
            if (arrival != null) {
                latencies[n] = arrival - scheduled[i];
                publishTimes[n] = answered[i] - scheduled[i];
                // the receiver can see the delivery before the client has read the 202: count that as zero
                afterAnswer[n] = Math.max(0, arrival - answered[i]);
                n++;
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        long[] publish = Arrays.copyOf(publishTimes, n);
        Arrays.sort(publish);
        long[] engine = Arrays.copyOf(afterAnswer, n);
        Arrays.sort(engine);
        results.put("latency: offered rate", rate + " events/s for " + seconds + " s (" + accepted.get() + " of " + events + " accepted, "
                + n + " delivered)");
        results.put("latency: publish-to-first-attempt p50 / p95 / p99 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f ms",
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6));
        results.put("latency: of which publish (POST until 202) p50 / p95 / p99", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
                pct(publish, 50), pct(publish, 95), pct(publish, 99)));
        results.put("latency: of which 202-to-first-attempt p50 / p95 / p99", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
                pct(engine, 50), pct(engine, 95), pct(engine, 99)));
    }

    /** A freshly started server compiles as it goes: 500 publishes first, unmeasured. */
    static void warmUp(HttpClient http, String base, String token) throws Exception {
        var permits = new Semaphore(8);
        var futures = new ArrayList<CompletableFuture<?>>();
        for (int i = 0; i < 500; i++) {
            permits.acquire();
            futures.add(http.sendAsync(publish(base, token, "warm-" + i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> permits.release()));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        awaitReceived(k -> k.startsWith("warm-"), 500, Duration.ofMinutes(2));
    }

    static void backlogDrain(String subscription, String team, Server server, Map<String, String> results) throws Exception {
        long backlog = Long.parseLong(options.get("backlog"));
        if (backlog <= 0) {
            return;
        }
        server.resetPeaks();
        long before = received.get();
        // one transaction: every record becomes due at the same moment, at commit
        long insertStart = System.nanoTime();
        psql(options.get("db"), "insert into event_records (id, event_id, subscription_id, team_id, action, workflow_id, "
                + "workflow_name, payload, status, attempts_count, search_text, due_at, created_at, updated_at, version) "
                + "select 'c' || lpad(to_hex(g), 23, '0'), 'bl-' || g, '" + subscription + "', '" + team + "', 'WORKFLOW_CREATED', "
                + "'aaaaaaaaaaaaaaaaaaaaaaaa', 'backlog', '{\"n\": 1}'::jsonb, 'PENDING', 0, 'backlog', now(), now(), now(), 0 "
                + "from generate_series(1, " + backlog + ") g");
        long committed = System.nanoTime();
        // a bulk load is followed by ANALYZE, as autovacuum would do soon after (it is off on some machines):
        // without statistics the planner does not know the table has a million due rows
        psql(options.get("db"), "analyze event_records");
        awaitReceived(k -> k.startsWith("bl-"), backlog, Duration.ofMinutes(60));
        long drained = System.nanoTime();
        double seconds = (drained - committed) / 1e9;
        results.put("backlog: due records inserted (one transaction)", backlog + " in "
                + String.format(Locale.ROOT, "%.1f s", (committed - insertStart) / 1e9));
        results.put("backlog: drained in", String.format(Locale.ROOT, "%.1f s", seconds));
        results.put("backlog: deliveries/s sustained", String.format(Locale.ROOT, "%.0f deliveries/s", (received.get() - before) / seconds));
        results.put("backlog: server peak heap during the drain (GC log)", server.peakHeap());
        String left = psql(options.get("db"), "select count(*) from event_records where status <> 'DELIVERED'").trim();
        results.put("backlog: records not delivered afterwards", left);
    }

    // ---- helpers ----

    static HttpRequest publish(String base, String token, String eventId) {
        String body = "{\"action\":\"workflow_created\",\"workflow_id\":\"aaaaaaaaaaaaaaaaaaaaaaaa\",\"workflow_name\":\"bench\","
                + "\"workflow_run_id\":\"run-1\",\"workflow_run_status\":\"completed\",\"payload\":{\"n\":1},\"event_id\":\"" + eventId + "\"}";
        return HttpRequest.newBuilder(URI.create(base + "/workflows/v1/workflow-webhooks/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpResponse<String> send(HttpClient http, String url, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReceived(java.util.function.Predicate<String> which, long count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = firstArrival.keySet().stream().filter(which).count();
            if (seen >= count) {
                return;
            }
            Thread.sleep(count > 100_000 ? 1000 : 100);
        }
        System.out.println("WARNING: only " + seen + " of " + count + " events arrived within " + within);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String mintToken(String team) throws Exception {
        return run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "server-config/dev/MintDevToken.java", "--sub", "bench", "--groups", "admin", "--team-id", team)).trim();
    }

    static void recreateDatabase(String db) throws Exception {
        if (!db.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("unsafe database name " + db);
        }
        psql("postgres", "drop database if exists " + db + " with (force)");
        psql("postgres", "create database " + db);
    }

    static String psql(String db, String sql) throws Exception {
        return run(List.of("psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-c", sql));
    }

    static String run(List<String> command) throws Exception {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static boolean onPath(String tool) {
        return Arrays.stream(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    /** Payara Micro with the WAR, on PostgreSQL, started as an operator would; samples its RSS and logs GC. */
    static final class Server {
        final Process process;
        final int port;
        final Path gcLog;
        final AtomicLong peakRssKb = new AtomicLong();
        volatile long gcLogOffset;

        private Server(Process process, int port, Path gcLog) {
            this.process = process;
            this.port = port;
            this.gcLog = gcLog;
        }

        static Server start(Path work, String db, String xmx) throws Exception {
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path gcLog = work.resolve("server-gc.log");
            Files.deleteIfExists(gcLog);
            var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + xmx, "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog,
                    "-Dhookflow.delivery.allow-private-targets=true",
                    // Payara's token parser asks JSON-P for its provider on every request; named, it is not searched for
                    "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl",
                    "-jar", "target/payara-micro.jar", "--deploy", "target/hookflow.war", "--contextroot", "/",
                    "--port", Integer.toString(port), "--nocluster",
                    "--postbootcommandfile", "server-config/payara/post-boot-commands.asadmin");
            var builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("server.log").toFile());
            builder.environment().put("HOOKFLOW_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + db);
            builder.environment().put("HOOKFLOW_DB_USER", "postgres");
            var server = new Server(builder.start(), port, gcLog);
            var sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rss-sampler");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(server::sampleRss, 0, 200, TimeUnit.MILLISECONDS);
            var http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (System.nanoTime() < deadline) {
                if (!server.process.isAlive()) {
                    throw new IllegalStateException("the server exited; see " + work.resolve("server.log"));
                }
                try {
                    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/workflows/v1/workflow-webhooks")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 401) {
                        return server;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("the server was not ready within 240 s");
        }

        void sampleRss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        peakRssKb.accumulateAndGet(kb, Math::max);
                    }
                }
            } catch (Exception gone) {
                // the process ended
            }
        }

        void resetPeaks() throws IOException {
            gcLogOffset = Files.exists(gcLog) ? Files.size(gcLog) : 0;
        }

        /** Largest heap occupancy after a collection, and before one, in the GC log since the last reset. */
        String peakHeap() throws IOException {
            String log = Files.readString(gcLog);
            Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(log.substring((int) Math.min(gcLogOffset, log.length())));
            long maxBefore = 0, maxAfter = 0, capacity = 0;
            while (m.find()) {
                maxBefore = Math.max(maxBefore, Long.parseLong(m.group(1)));
                maxAfter = Math.max(maxAfter, Long.parseLong(m.group(2)));
                capacity = Math.max(capacity, Long.parseLong(m.group(3)));
            }
            return maxAfter + " MB live / " + maxBefore + " MB before GC (heap committed at most " + capacity + " MB, -Xmx" + options.get("xmx") + ")";
        }

        String peakRss() {
            return peakRssKb.get() / 1024 + " MB";
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
