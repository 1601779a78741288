import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Hookflow's benchmark: one command (bench/run.sh) runs the WAR as the README starts it (plus HOOKFLOW_DB_URL on
 * PostgreSQL) against a receiver on 127.0.0.1 and prints what it sustained beside the machine's ceilings of the
 * same run. JDK only, run as a source file. See docs/benchmarks.md, "API and delivery".
 *
 * Phases: ceiling (wrk against the receiver; pgbench for one delivery's writes), get (authenticated one-row list:
 * calls/s and server CPU per call, beside two calls that do none of Hookflow's work), publish (events/s and server
 * CPU per event, one subscription and a fan-out),
 * latency (publish to first attempt at a fixed offered rate, open loop), backlog (drain of N due records),
 * ready (a fresh server on the embedded default database until /health/ready answers 200). Server CPU is the
 * server process's utime+stime from /proc, which stays meaningful when other work shares the machine.
 *
 * The server maps target/hookflow.jsa, the start-up archive the build wrote for target/hookflow.war: a --war of
 * other code starts with only its unchanged classes from it, so compare start-up only between WARs of one build.
 */
public class Bench {

    static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");
    /** First arrival per "path event_id": each subscription of a fan-out has its own path. */
    static final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    static final AtomicLong received = new AtomicLong();
    static final AtomicLong duplicates = new AtomicLong();
    static final long CLOCK_TICKS_PER_SECOND = 100;
    /** Results as they come, printed at once too, so a long run shows its figures as it goes. */
    static final Map<String, String> results = new LinkedHashMap<>() {
        @Override
        public String put(String key, String value) {
            System.out.printf(Locale.ROOT, "%-64s %s%n", key, value);
            return super.put(key, value);
        }
    };
    /** The summary table: figure, value, unit, ratio to a ceiling (or blank), target. */
    static final List<String[]> table = new ArrayList<>();
    static double receiverCeiling = Double.NaN;
    static double databaseCeiling = Double.NaN;
    static final Map<String, String> options = new LinkedHashMap<>(Map.ofEntries(
            Map.entry("db", "hookflow_bench"),
            Map.entry("rate", "500"),
            Map.entry("rate-seconds", "20"),
            Map.entry("rate-connections", "64"),
            Map.entry("seconds", "10"),
            Map.entry("warmup", "120"),
            Map.entry("clients", "16"),
            Map.entry("fanout", "10"),
            Map.entry("backlog", "1000000"),
            Map.entry("xmx", ""),
            Map.entry("server-option", ""),
            Map.entry("port", "0"),
            Map.entry("jfr", "off"),
            Map.entry("war", "target/hookflow.war"),
            Map.entry("workdir", "target/bench"),
            Map.entry("phases", "ceiling,get,publish,latency,backlog,ready")));

    public static void main(String[] args) {
        try {
            bench(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the receiver's threads would keep a failed run alive
        }
    }

    static void bench(String[] args) throws Exception {
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!options.containsKey(key) || i + 1 >= args.length) {
                System.err.println("unknown option or missing value: " + args[i] + "; options: " + options);
                System.exit(2);
            }
            options.put(key, args[i + 1]);
        }
        Path work = Files.createDirectories(Path.of(options.get("workdir")).toAbsolutePath());
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", JDK " + System.getProperty("java.version"));
        results.put("load average at start (other work on the machine)", loadAverage());
        HttpServer receiver = startReceiver();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        if (phase("ceiling")) {
            receiverCeiling(hook, work);
            databaseCeiling(work);
        }
        received.set(0);
        firstArrival.clear();

        if (phase("get") || phase("publish") || phase("latency") || phase("backlog")) {
            recreateDatabase(options.get("db"));
            Server server = Server.start(work, Map.of("HOOKFLOW_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + options.get("db"),
                    "HOOKFLOW_DB_USER", "postgres"), "server");
            try {
                results.put("server ready (first 200 from /health/ready, PostgreSQL)", server.readyAfter);
                runAgainst(server, hook, work);
            } finally {
                server.stop();
                server.summarizeFlightRecording(work);
            }
        }
        if (phase("ready")) {
            readyOnEmbeddedDefault(work);
        }
        receiver.stop(0);
        results.put("load average at the end", loadAverage());

        var summary = new StringBuilder("=== Hookflow benchmark " + Instant.now() + " ===" + System.lineSeparator());
        results.forEach((k, v) -> summary.append(String.format(Locale.ROOT, "%-64s %s%n", k, v)));
        summary.append(System.lineSeparator()).append(String.format(Locale.ROOT, "%-52s %14s  %-12s %10s  %s%n",
                "figure", "value", "unit", "of ceiling", "target"));
        for (String[] row : table) {
            summary.append(String.format(Locale.ROOT, "%-52s %14s  %-12s %10s  %s%n", (Object[]) row));
        }
        System.out.println();
        System.out.print(summary);
        Files.writeString(work.resolve("results.txt"), summary);
        System.exit(0);
    }

    static void runAgainst(Server server, String hook, Path work) throws Exception {
        String team = "b" + Long.toHexString(System.nanoTime()).substring(0, 8) + "000000000000000";
        String token = mintToken(team);
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + server.port;
        String subscription = subscribe(http, base, token, hook, "workflow_created");
        warmUp(server, work, base, token);

        if (phase("get")) {
            var cpu = server.cpuTicks();
            var run = wrk(work, base + "/workflows/v1/workflow-webhooks?size=1", token, null);
            double cpuMs = perCall(server.cpuTicks() - cpu, run.requests - run.errors);
            results.put("get: one-row list, " + options.get("clients") + " clients", run.describe());
            results.put("get: server CPU per call", String.format(Locale.ROOT, "%.2f ms", cpuMs));
            row("GET one-row list", run.rate, "calls/s", ratio(run.rate, receiverCeiling), "");
            row("  server CPU per GET", cpuMs, "ms", "", "<= 0.5 ms");
            stackFloor(server, base, token);
        }
        if (phase("publish")) {
            publishRun(server, work, base, token, "pub1", 1, "publish, 1 subscription");
            // the fan-out: more subscriptions of the same action, each with its own receiver path
            for (int i = 2; i <= Integer.parseInt(options.get("fanout")); i++) {
                subscribe(http, base, token, hook + i, "workflow_created");
            }
            int fanout = Integer.parseInt(options.get("fanout"));
            publishRun(server, work, base, token, "pubn", fanout, "publish, " + fanout + " subscriptions");
            // wrk stops counting with calls still in flight, so a few events more than it counted may still be on
            // their way: deleting their subscriptions now would fail them ("subscription was deleted")
            awaitNothingUnfinished(options.get("db"), Duration.ofMinutes(2));
            for (String id : subscriptionIds(http, base, token)) {
                if (!id.equals(subscription)) {
                    delete(http, base + "/workflows/v1/workflow-webhooks/" + id, token);
                }
            }
        }
        if (phase("latency")) {
            latencyAtFixedRate(http, base, token);
        }
        if (phase("backlog")) {
            backlogDrain(subscription, team, server);
        }
        results.put("server peak heap after GC / before GC (GC log)", server.peakHeap());
        results.put("server peak RSS (VmHWM)", server.peakRss());
        results.put("duplicate deliveries seen by the receiver", Long.toString(duplicates.get()));
    }

    /**
     * The measured phases start on a warm server: a JVM just started spends most of its CPU compiling (JFR: the
     * JIT threads took a third of the CPU of a first 30 s of calls), which is not what a server that has been up
     * for a while costs per call. --warmup 0 measures the cold server. 120 s by default: after 30 s a one-row GET
     * still measured 2.6 to 4.8 ms of CPU per call from run to run of one WAR, after 120 s 1.9 to 2.4 ms.
     */
    static void warmUp(Server server, Path work, String base, String token) throws Exception {
        int seconds = Integer.parseInt(options.get("warmup"));
        if (seconds <= 0) {
            return;
        }
        String measured = options.get("seconds");
        options.put("seconds", Integer.toString(Math.max(1, seconds / 2)));
        try {
            wrk(work, base + "/workflows/v1/workflow-webhooks?size=1", token, null);
            Path script = publishScript(work, token, "warmup");
            var run = runWrk(List.of("-s", script.toString(), base + "/workflows/v1/workflow-webhooks/events"), options.get("clients"));
            awaitReceived(k -> k.contains(" warmup-"), run.requests - run.errors, Duration.ofMinutes(5));
        } finally {
            options.put("seconds", measured);
        }
        // as autovacuum would soon after (it is off on some machines, this one included): planned on the statistics
        // of an empty table, the engine's claim query kept a PostgreSQL backend at full CPU during the publish runs
        psql(options.get("db"), "analyze");
        results.put("warm-up before measuring (GET, then publish, " + seconds / 2 + " s each)",
                String.format(Locale.ROOT, "%.1f s of server CPU so far", server.cpuTicks() / (double) CLOCK_TICKS_PER_SECOND));
    }

    /**
     * What the same server costs per call for work that is none of Hookflow's: the list without a token (Grizzly,
     * the servlet container, Jersey's matching, the authentication filter and the error body; no transaction, no
     * query), the floor under every API call; the list with a token but {@code size=0} (as before, plus verifying
     * the token, the role check and parameter validation: everything an authenticated call pays before its own
     * work); and MicroProfile Health's liveness (the server's own endpoint).
     */
    static void stackFloor(Server server, String base, String token) throws Exception {
        String list = base + "/workflows/v1/workflow-webhooks";
        for (var call : List.of(
                Map.entry("GET /health/live", List.of(base + "/health/live")),
                Map.entry("GET the list without a token (401)", List.of(list + "?size=1")),
                Map.entry("GET the list with a token, size=0 (400)",
                        List.of("-H", "Authorization: Bearer " + token, list + "?size=0")))) {
            runWrk(call.getValue(), options.get("clients")); // its own warm-up: these paths were not warmed
            var cpu = server.cpuTicks();
            var run = runWrk(call.getValue(), options.get("clients"));
            double cpuMs = perCall(server.cpuTicks() - cpu, run.requests);
            results.put("floor: " + call.getKey(), String.format(Locale.ROOT, "%.0f/s, %.2f ms of server CPU per call",
                    run.requests / Double.parseDouble(options.get("seconds")), cpuMs));
            row("  floor: " + call.getKey(), cpuMs, "ms", "", "");
        }
    }

    /** Milliseconds of server CPU per answered call; not a number when none was answered. */
    static double perCall(long cpuTicks, long calls) {
        return calls <= 0 ? Double.NaN : cpuTicks * 1000.0 / CLOCK_TICKS_PER_SECOND / calls;
    }

    static boolean phase(String name) {
        return Arrays.asList(options.get("phases").split(",")).contains(name);
    }

    static void row(String figure, double value, String unit, String ofCeiling, String target) {
        table.add(new String[] {figure, Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value),
                unit, ofCeiling, target});
    }

    static String ratio(double value, double ceiling) {
        return Double.isNaN(ceiling) || ceiling <= 0 ? "" : String.format(Locale.ROOT, "%.3f", value / ceiling);
    }

    // ---- the receiver: 200 {} to everything, notes the first arrival of each (path, event_id) ----

    static HttpServer startReceiver() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(options.get("port")) == 0 ? 0 : Integer.parseInt(options.get("port")) + 1), 4096);
        byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            long now = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.incrementAndGet();
            Matcher m = EVENT_ID.matcher(new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
            if (m.find() && !m.group(1).equals("wrk")
                    && firstArrival.putIfAbsent(exchange.getRequestURI().getPath() + " " + m.group(1), now) != null) {
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

    static void receiverCeiling(String hook, Path work) throws Exception {
        Path script = work.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.body = '{\"event_id\":\"wrk\",\"type\":\"workflow_created\",\"action\":\"workflow_created\",\"payload\":{\"n\":1}}'\n");
        var run = runWrk(List.of("-s", script.toString(), hook), "32");
        receiverCeiling = run.rate;
        results.put("ceiling: receiver (wrk, 32 connections)", run.describe());
        row("ceiling: receiver (wrk)", run.rate, "requests/s", "1.000", "");
    }

    /** What PostgreSQL commits of one delivery's writes (a record update and an attempt insert) with 16 clients. */
    static void databaseCeiling(Path work) throws Exception {
        if (!onPath("pgbench")) {
            results.put("ceiling: database (pgbench)", "not measured: pgbench is not installed");
            return;
        }
        String db = options.get("db") + "_pgbench";
        recreateDatabase(db);
        psql(db, "create table records (id bigint primary key, status varchar(16), attempts int, updated_at timestamptz) "
                + "with (fillfactor = 70); insert into records select g, 'PENDING', 0, now() from generate_series(1, 100000) g; "
                + "create table attempts (id bigserial primary key, record_id bigint not null, status_code int, latency_ms int, "
                + "created_at timestamptz not null); analyze records");
        Path script = work.resolve("delivery.sql");
        Files.writeString(script, """
                \\set id random(1, 100000)
                BEGIN;
                UPDATE records SET status = 'DELIVERED', attempts = attempts + 1, updated_at = now() WHERE id = :id;
                INSERT INTO attempts (record_id, status_code, latency_ms, created_at) VALUES (:id, 200, 1, now());
                END;
                """);
        String out = run(List.of("pgbench", "-n", "-h", "127.0.0.1", "-U", "postgres", "-c", options.get("clients"), "-j", "2",
                "-T", options.get("seconds"), "-f", script.toString(), db));
        Matcher m = Pattern.compile("tps = ([0-9.]+)").matcher(out);
        databaseCeiling = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        results.put("ceiling: database (pgbench, update + insert, " + options.get("clients") + " clients)",
                String.format(Locale.ROOT, "%.0f tx/s", databaseCeiling));
        row("ceiling: database (pgbench, update+insert)", databaseCeiling, "tx/s", "1.000", "");
        psql("postgres", "drop database if exists " + db + " with (force)");
    }

    // ---- phases ----

    /** A wrk script publishing events {@code prefix-<thread>-<n>}: each wrk thread numbers its own events. */
    static Path publishScript(Path work, String token, String prefix) throws IOException {
        Path script = work.resolve(prefix + ".lua");
        Files.writeString(script, """
                local threads = 0
                function setup(thread) threads = threads + 1; thread:set("tid", threads) end
                local n = 0
                function request()
                  n = n + 1
                  local body = '{"action":"workflow_created","workflow_id":"aaaaaaaaaaaaaaaaaaaaaaaa","workflow_name":"bench",'
                    .. '"workflow_run_id":"run-1","workflow_run_status":"completed","payload":{"n":1},"event_id":"%s-' .. tid .. '-' .. n .. '"}'
                  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %s"}, body)
                end
                """.formatted(prefix, token));
        return script;
    }

    static void publishRun(Server server, Path work, String base, String token, String prefix, int subscriptions, String label)
            throws Exception {
        Path script = publishScript(work, token, prefix);
        long before = received.get();
        var cpu = server.cpuTicks();
        var run = runWrk(List.of("-s", script.toString(), base + "/workflows/v1/workflow-webhooks/events"), options.get("clients"));
        double cpuMs = perCall(server.cpuTicks() - cpu, run.requests - run.errors);
        results.put(label + ", " + options.get("clients") + " clients", run.describe());
        results.put(label + ": server CPU per event (with its deliveries meanwhile)", String.format(Locale.ROOT, "%.2f ms", cpuMs));
        long expected = (run.requests - run.errors) * subscriptions;
        long drainStart = System.nanoTime();
        awaitReceived(k -> k.contains(" " + prefix + "-"), expected, Duration.ofMinutes(5));
        long distinct = firstArrival.keySet().stream().filter(k -> k.contains(" " + prefix + "-")).count();
        // wrk counts answered calls only: the few still in flight when it stops were published too
        results.put(label + ": deliveries arrived", String.format(Locale.ROOT,
                "%d distinct events (%d calls answered 202, %d requests in all), %.1f s after the last publish",
                distinct, expected, received.get() - before, (System.nanoTime() - drainStart) / 1e9));
        row(label, run.rate, "events/s", ratio(run.rate, databaseCeiling),
                subscriptions == 1 ? ">= 0.5 of pgbench" : ">= 500 events/s");
        row("  server CPU per event", cpuMs, "ms", "", "");
        if (run.errors > 0) {
            row("  publishes not answered 202", run.errors, "calls", "", "0");
        }
    }

    static void latencyAtFixedRate(HttpClient http, String base, String token) throws Exception {
        warmUp(http, base, token);
        int rate = Integer.parseInt(options.get("rate"));
        int seconds = Integer.parseInt(options.get("rate-seconds"));
        int events = rate * seconds;
        long[] scheduled = new long[events];
        long[] answered = new long[events];
        var accepted = new AtomicLong();
        // At most this many calls in flight, each sender thread on its own connection, as wrk2 keeps a fixed set.
        // Unbounded, the JDK client opened a connection for every call that found none idle once the server fell
        // behind: the server then served a growing crowd of connections, and the bench's own JVM took up to 0.8 of the
        // cores the server needed. A call that waits for a connection still counts its latency from its scheduled
        // time, so the bound hides no queueing; how many waited is reported.
        int connections = Integer.parseInt(options.get("rate-connections"));
        var sentLate = new AtomicLong();
        var next = new AtomicInteger();
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < events; i++) {
            scheduled[i] = start + (long) (i * 1e9 / rate);
        }
        URI target = URI.create(base);
        var senders = Executors.newFixedThreadPool(connections);
        var futures = new ArrayList<CompletableFuture<?>>();
        for (int c = 0; c < connections; c++) {
            futures.add(CompletableFuture.runAsync(() -> {
                PlainConnection connection = null;
                for (int i; (i = next.getAndIncrement()) < events; ) {
                    long wait = scheduled[i] - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else if (wait < -1_000_000L) {
                        sentLate.incrementAndGet(); // every connection was busy when this call was due
                    }
                    try {
                        if (connection == null) {
                            connection = new PlainConnection(target.getHost(), target.getPort());
                        }
                        int status = connection.post("/workflows/v1/workflow-webhooks/events", token,
                                publishBody("lat-" + i));
                        if (status == 202) {
                            accepted.incrementAndGet();
                        }
                        if (!connection.reusable) {
                            connection = PlainConnection.closed(connection);
                        }
                    } catch (IOException e) {
                        connection = PlainConnection.closed(connection);
                    }
                    answered[i] = System.nanoTime();
                }
                PlainConnection.closed(connection);
            }, senders));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        senders.shutdown();
        awaitReceived(k -> k.startsWith("/hook lat-"), accepted.get(), Duration.ofMinutes(5));
        long[] latencies = new long[events];
        long[] publishTimes = new long[events];
        long[] afterAnswer = new long[events];
        int n = 0;
        for (int i = 0; i < events; i++) {
            Long arrival = firstArrival.get("/hook lat-" + i);
            if (arrival != null) {
                latencies[n] = arrival - scheduled[i];
                publishTimes[n] = answered[i] - scheduled[i];
                // the receiver can see the delivery before the client has read the 202: count that as zero
                afterAnswer[n] = Math.max(0, arrival - answered[i]);
                n++;
            }
        }
        long[] sorted = sortedPrefix(latencies, n);
        long[] publish = sortedPrefix(publishTimes, n);
        long[] engine = sortedPrefix(afterAnswer, n);
        results.put("latency: offered rate", rate + " events/s for " + seconds + " s (" + accepted.get() + " of " + events + " accepted, "
                + n + " delivered)");
        results.put("latency: calls that waited for one of the " + connections + " connections", Long.toString(sentLate.get()));
        results.put("latency: publish-to-first-attempt p50 / p95 / p99 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f ms",
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6));
        results.put("latency: of which publish (POST until 202) p50 / p95 / p99", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
                pct(publish, 50), pct(publish, 95), pct(publish, 99)));
        results.put("latency: of which 202-to-first-attempt p50 / p95 / p99", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
                pct(engine, 50), pct(engine, 95), pct(engine, 99)));
        row("publish -> first attempt p99 at " + rate + "/s", pct(sorted, 99), "ms", "", "<= 200 ms at 500/s");
    }

    static long[] sortedPrefix(long[] values, int n) {
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted;
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
        awaitReceived(k -> k.startsWith("/hook warm-"), 500, Duration.ofMinutes(2));
    }

    static void backlogDrain(String subscription, String team, Server server) throws Exception {
        long backlog = Long.parseLong(options.get("backlog"));
        if (backlog <= 0) {
            return;
        }
        server.resetPeaks();
        long before = received.get();
        // one transaction: every record becomes due at the same moment, at commit. The search values are the ones
        // EventRecord writes, so that a booking leaves them (and their indexes) as they are, as for a published record
        long insertStart = System.nanoTime();
        psql(options.get("db"), "insert into event_records (id, event_id, subscription_id, team_id, action, workflow_id, "
                + "workflow_name, payload, status, attempts_count, search_facets, search_ids, due_at, created_at, updated_at, version) "
                + "select 'c' || lpad(to_hex(g), 23, '0'), 'bl-' || g, '" + subscription + "', '" + team + "', 'WORKFLOW_CREATED', "
                + "'aaaaaaaaaaaaaaaaaaaaaaaa', 'backlog', '{\"n\": 1}'::jsonb, 'PENDING', 0, 'backlog' || chr(10) || 'aaaaaaaaaaaaaaaaaaaaaaaa', 'bl-' || g, now(), now(), now(), 0 "
                + "from generate_series(1, " + backlog + ") g");
        long committed = System.nanoTime();
        // a bulk load is followed by ANALYZE, as autovacuum would do soon after (it is off on some machines):
        // without statistics the planner does not know the table has a million due rows
        psql(options.get("db"), "analyze event_records");
        var cpu = server.cpuTicks();
        awaitReceived(k -> k.startsWith("/hook bl-"), backlog, Duration.ofMinutes(60));
        long drained = System.nanoTime();
        double seconds = (drained - committed) / 1e9;
        long delivered = received.get() - before;
        double rate = delivered / seconds;
        double cpuMs = (server.cpuTicks() - cpu) * 1000.0 / CLOCK_TICKS_PER_SECOND / Math.max(1, delivered);
        results.put("backlog: due records inserted (one transaction)", backlog + " in "
                + String.format(Locale.ROOT, "%.1f s", (committed - insertStart) / 1e9));
        results.put("backlog: drained in", String.format(Locale.ROOT, "%.1f s", seconds));
        results.put("backlog: deliveries/s sustained", String.format(Locale.ROOT, "%.0f deliveries/s", rate));
        results.put("backlog: server CPU per delivery", String.format(Locale.ROOT, "%.2f ms", cpuMs));
        results.put("backlog: server peak heap during the drain (GC log)", server.peakHeap());
        String left = psql(options.get("db"), "select count(*) from event_records where status <> 'DELIVERED'").trim();
        results.put("backlog: records not delivered afterwards", left);
        row("backlog drain", rate, "deliveries/s", ratio(rate, receiverCeiling), ">= 3,000/s");
        row("  of the database ceiling", rate, "deliveries/s", ratio(rate, databaseCeiling), "");
        row("  server CPU per delivery", cpuMs, "ms", "", "");
    }

    /**
     * A new server on the embedded default (H2 in a fresh data directory), started as the README says, on a machine
     * that has settled: the target is for an idle machine, and after a drain PostgreSQL and the stopped server's
     * last work kept the load average at 7 while the start was timed (docs/benchmarks.md, twentieth round).
     */
    static void readyOnEmbeddedDefault(Path work) throws Exception {
        long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (oneMinuteLoad() >= 0.5 && System.nanoTime() < settleUntil) {
            Thread.sleep(5_000);
        }
        results.put("load average before the start on H2", loadAverage());
        Path data = work.resolve("ready-data");
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Server server = Server.start(work, Map.of("HOOKFLOW_DATA_DIR", data.toString()), "server-h2");
        server.stop();
        results.put("ready on the embedded default (H2, fresh data directory)", server.readyAfter);
        row("ready after java -jar (embedded H2)", server.readySeconds, "s", "", "<= 15 s");
        row("  server CPU until ready", server.readyCpuSeconds, "s", "", "");
    }

    // ---- load generation ----

    record WrkRun(double rate, long requests, long errors, String latency) {
        String describe() {
            return String.format(Locale.ROOT, "%.0f/s (%d calls, %d not 2xx, mean latency %s)", rate, requests, errors, latency);
        }
    }

    static WrkRun wrk(Path work, String url, String token, String unused) throws Exception {
        return runWrk(List.of("-H", "Authorization: Bearer " + token, url), options.get("clients"));
    }

    static WrkRun runWrk(List<String> arguments, String connections) throws Exception {
        if (!onPath("wrk")) {
            throw new IllegalStateException("wrk is not installed (bench/run.sh installs it as root; else apt-get install -y wrk)");
        }
        // a generous time-out: on a starved machine late answers still count (and cost their CPU)
        var command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + options.get("seconds") + "s", "--timeout", "30s"));
        command.addAll(arguments);
        String out = run(command);
        Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher total = Pattern.compile("(\\d+) requests in").matcher(out);
        Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        Matcher latency = Pattern.compile("Latency\\s+(\\S+)").matcher(out);
        if (!rate.find() || !total.find()) {
            throw new IllegalStateException("wrk output unreadable: " + out);
        }
        long failed = errors.find() ? Long.parseLong(errors.group(1)) : 0;
        if (socket.find()) {
            failed += Long.parseLong(socket.group(2)) + Long.parseLong(socket.group(4));
        }
        long requests = Long.parseLong(total.group(1));
        return new WrkRun(Double.parseDouble(rate.group(1)) * (requests - failed) / Math.max(1, requests), requests, failed,
                latency.find() ? latency.group(1) : "?");
    }

    // ---- helpers ----

    static String subscribe(HttpClient http, String base, String token, String url, String action) throws Exception {
        var created = send(http, base + "/workflows/v1/workflow-webhooks", token, "{\"name\":\"bench\",\"url\":\"" + url
                + "\",\"actions\":[\"" + action + "\"],\"timeout_seconds\":10,\"max_retries\":3,\"retry_backoff_seconds\":1}");
        if (created.statusCode() / 100 != 2) {
            throw new IllegalStateException("could not create the subscription: " + created.statusCode() + " " + created.body());
        }
        return field(created.body(), "id");
    }

    static List<String> subscriptionIds(HttpClient http, String base, String token) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/workflows/v1/workflow-webhooks?size=100"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f]{24})\"").matcher(body);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    static void delete(HttpClient http, String url, String token) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    static HttpRequest publish(String base, String token, String eventId) {
        return HttpRequest.newBuilder(URI.create(base + "/workflows/v1/workflow-webhooks/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(publishBody(eventId))).build();
    }

    static String publishBody(String eventId) {
        return "{\"action\":\"workflow_created\",\"workflow_id\":\"aaaaaaaaaaaaaaaaaaaaaaaa\",\"workflow_name\":\"bench\","
                + "\"workflow_run_id\":\"run-1\",\"workflow_run_status\":\"completed\",\"payload\":{\"n\":1},\"event_id\":\"" + eventId + "\"}";
    }

    /**
     * The open loop's client: one blocking HTTP/1.1 connection per sending thread, kept alive, as wrk2 keeps its
     * connections. The JDK's asynchronous client took about 1 ms of CPU per call (half a core at 500 calls/s,
     * docs/benchmarks.md, twentieth round), on the two cores the server it measures needs.
     */
    static final class PlainConnection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private boolean reusable = true;

        PlainConnection(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = new BufferedOutputStream(socket.getOutputStream());
            in = new BufferedInputStream(socket.getInputStream());
        }

        /** Sends one POST and reads its whole answer; answers the status code. */
        int post(String path, String token, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            int status = Integer.parseInt(line().split(" ", 3)[1]);
            long length = 0;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    reusable = false; // the server ends its keep-alive here (Grizzly after so many requests)
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                    skip(size);
                    line();
                }
                line();
            } else {
                skip(length);
            }
            return status;
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0; left--) {
                if (in.read() < 0) {
                    throw new IOException("connection closed in a body");
                }
            }
        }

        private String line() throws IOException {
            var text = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            return text.toString();
        }

        static PlainConnection closed(PlainConnection connection) {
            if (connection != null) {
                try {
                    connection.socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection: nothing left to do with it
                }
            }
            return null;
        }
    }

    static HttpResponse<String> send(HttpClient http, String url, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReceived(Predicate<String> which, long count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = firstArrival.keySet().stream().filter(which).count();
            if (seen >= count) {
                return;
            }
            Thread.sleep(count > 100_000 ? 1000 : 100);
        }
        System.out.println("WARNING: only " + seen + " of " + count + " deliveries arrived within " + within);
    }

    static void awaitNothingUnfinished(String db, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String unfinished = "";
        while (System.nanoTime() < deadline) {
            unfinished = psql(db, "select count(*) from event_records where status not in ('DELIVERED', 'FAILED')").trim();
            if (unfinished.equals("0")) {
                return;
            }
            Thread.sleep(200);
        }
        System.out.println("WARNING: " + unfinished + " records still unfinished after " + within);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
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
        return run(List.of(javaBinary(), "server-config/dev/MintDevToken.java", "--sub", "bench", "--groups", "admin",
                "--team-id", team)).trim();
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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

    static double oneMinuteLoad() {
        String average = loadAverage();
        return average.equals("unknown") ? 0 : Double.parseDouble(average.split(" ")[0]);
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

    /**
     * Payara Micro with the WAR, started with the README's command (plus the environment given, a GC log, and with
     * --jfr on a flight recording); samples its RSS and reads its CPU time.
     */
    static final class Server {
        final Process process;
        final int port;
        final Path gcLog;
        final Path recording;
        final AtomicLong peakRssKb = new AtomicLong();
        volatile long gcLogOffset;
        String readyAfter;
        double readySeconds;
        double readyCpuSeconds;

        private Server(Process process, int port, Path gcLog, Path recording) {
            this.process = process;
            this.port = port;
            this.gcLog = gcLog;
            this.recording = recording;
        }

        static Server start(Path work, Map<String, String> environment, String name) throws Exception {
            int port = Integer.parseInt(options.get("port"));
            if (port == 0) {
                try (var socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
            }
            Path gcLog = work.resolve(name + "-gc.log");
            Files.deleteIfExists(gcLog);
            var command = new ArrayList<>(List.of(javaBinary()));
            if (!options.get("xmx").isBlank()) {
                command.add("-Xmx" + options.get("xmx"));
            }
            command.add("-Xlog:gc:file=" + gcLog);
            if (!options.get("server-option").isBlank()) {
                command.add(options.get("server-option")); // one more JVM option to try on the server, e.g. -D...
            }
            Path recording = null;
            if (!options.get("jfr").equals("off") && !name.endsWith("h2")) {
                recording = work.resolve(name + ".jfr");
                Files.deleteIfExists(recording);
                command.add("-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true,settings=" + profileWithExceptions(work));
            }
            command.addAll(List.of("-XX:SharedArchiveFile=target/hookflow.jsa", "-jar", "target/payara-micro.jar",
                    "--deploy", options.get("war"), "--contextroot", "/",
                    "--port", Integer.toString(port), "--nocluster", "--systemproperties", "server-config/payara/system.properties",
                    "--maxHttpThreads", "16"));
            var builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve(name + ".log").toFile());
            builder.environment().putAll(environment);
            // the receiver is on 127.0.0.1, which the SSRF guard refuses unless told otherwise
            builder.environment().put("HOOKFLOW_DELIVERY_ALLOW_PRIVATE_TARGETS", "true");
            long started = System.nanoTime();
            var server = new Server(builder.start(), port, gcLog, recording);
            var sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rss-sampler");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(server::sampleRss, 0, 200, TimeUnit.MILLISECONDS);
            var http = HttpClient.newHttpClient();
            long deadline = started + TimeUnit.SECONDS.toNanos(1800);
            while (System.nanoTime() < deadline) {
                if (!server.process.isAlive()) {
                    throw new IllegalStateException("the server exited; see " + work.resolve(name + ".log"));
                }
                try {
                    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        server.readySeconds = (System.nanoTime() - started) / 1e9;
                        server.readyCpuSeconds = server.cpuTicks() / (double) CLOCK_TICKS_PER_SECOND;
                        server.readyAfter = String.format(Locale.ROOT, "%.1f s after java -jar, %.1f s of CPU (load average %s)",
                                server.readySeconds, server.readyCpuSeconds, loadAverage());
                        return server;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(100);
            }
            server.stop();
            throw new IllegalStateException("the server was not ready within 1800 s");
        }

        /** The JDK's profile settings with exception throws recorded too (each costs a stack walk). */
        static Path profileWithExceptions(Path work) throws IOException {
            Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
            String settings = Files.readString(profile).replaceAll(
                    "(<event name=\"jdk.JavaExceptionThrow\">\\s*<setting name=\"enabled\"[^>]*>)false", "$1true");
            Path copy = work.resolve("profile-with-exceptions.jfc");
            Files.writeString(copy, settings);
            return copy;
        }

        /** utime + stime of the whole server process, in clock ticks. */
        long cpuTicks() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
            return maxAfter + " MB live / " + maxBefore + " MB before GC (heap committed at most " + capacity + " MB)";
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

        /** Exceptions thrown and the hottest frames, from the flight recording of the whole run (with --jfr on). */
        void summarizeFlightRecording(Path work) throws Exception {
            if (recording == null || !Files.exists(recording)) {
                return;
            }
            String jfr = Path.of(System.getProperty("java.home"), "bin", "jfr").toString();
            Matcher thrown = Pattern.compile("jdk\\.JavaExceptionThrow\\s+(\\d+)").matcher(run(List.of(jfr, "summary", recording.toString())));
            results.put("jfr: exceptions thrown during the run", thrown.find() ? thrown.group(1) : "?");
            Path samples = work.resolve("execution-samples.txt");
            Files.writeString(samples, run(List.of(jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "12", recording.toString())));
            Map<String, Integer> top = new HashMap<>();
            Matcher frame = Pattern.compile("stackTrace = \\[\\s*\\n\\s*(\\S[^\\n]*)").matcher(Files.readString(samples));
            int total = 0;
            while (frame.find()) {
                top.merge(frame.group(1).replaceAll("\\s+line:.*", ""), 1, Integer::sum);
                total++;
            }
            var lines = new StringBuilder();
            int all = total;
            top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                    .forEach(e -> lines.append(String.format(Locale.ROOT, "%n    %5.1f %%  %s", 100.0 * e.getValue() / all, e.getKey())));
            results.put("jfr: top frames of " + total + " execution samples (stacks in " + samples.getFileName() + ")", lines.toString());
        }
    }
}
