import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Three-step flow executions per second, end to end, against a running Hookflow (bench/flows/run.sh starts
 * one). A receiver on 127.0.0.1 plays the three services: POST /contacts answers an id, GET /contacts/{id}
 * answers a header, PUT /notes takes a body built from both. The flow passes the id (JSON) and the header from
 * step to step, as the integration tests do. Executions are started through the API by concurrent clients;
 * the clock runs from the first start until the last execution has finished. JDK only, run as a source file.
 *
 * Options: --base URL --token JWT --executions N (5000) --clients C (16) --flows F (1: every execution of one
 * flow; more spreads them over F flows) --warmup W (300); with --db NAME (the server's database, psql on the
 * path) first a backlog phase: --backlog B (10000) executions inserted at once (then ANALYZE, as autovacuum would) and drained by the engine alone.
 */
public class FlowsBench {

    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final AtomicLong received = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("executions", "5000", "clients", "16", "flows", "1", "warmup", "300"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String base = options.get("base");
        String token = options.get("token");
        int executions = Integer.parseInt(options.get("executions"));
        int clients = Integer.parseInt(options.get("clients"));
        int flowCount = Integer.parseInt(options.get("flows"));
        int warmup = Integer.parseInt(options.get("warmup"));

        HttpServer receiver = receiver();
        String target = "http://127.0.0.1:" + receiver.getAddress().getPort();
        List<String> flows = new ArrayList<>();
        for (int i = 0; i < flowCount; i++) {
            flows.add(createFlow(base, token, target, "bench flow " + i));
        }
        System.out.printf("receiver %s, %d flow(s), %d clients, %d cores%n", target, flowCount, clients,
                Runtime.getRuntime().availableProcessors());

        System.out.printf("warm-up: %d executions%n", warmup);
        runBatch(base, token, flows, warmup, clients);

        if (options.containsKey("db")) {
            backlog(base, token, flows, options.get("db"), Integer.parseInt(options.getOrDefault("backlog", "10000")));
        }

        long before = received.get();
        long[] earlier = finished(base, token, flows);
        long started = System.nanoTime();
        double submitSeconds = runBatch(base, token, flows, executions, clients);
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] outcome = finished(base, token, flows);
        System.out.printf("API: started %d executions in %.2f s (%.0f starts/s through POST /executions, %d clients)%n",
                executions, submitSeconds, executions / submitSeconds, clients);
        System.out.printf("API: finished %d executions (%d success, %d failed) in %.2f s: %.0f three-step executions/s end to end%n",
                executions, outcome[0] - earlier[0], outcome[1] - earlier[1], seconds, executions / seconds);
        System.out.printf("receiver got %d requests (%.0f/s)%n", received.get() - before, (received.get() - before) / seconds);
        receiver.stop(0);
        System.exit(0);
    }

    /** Starts {@code count} executions round-robin over the flows, then waits until all of them are final. */
    static double runBatch(String base, String token, List<String> flows, int count, int clients) throws Exception {
        long[] before = finished(base, token, flows);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    String flow = flows.get(i % flows.size());
                    var reply = send(base, token, "POST", "/v1/webhooks/" + flow + "/executions",
                            "{\"variables\":{\"email\":\"lead" + i + "@example.org\",\"n\":" + i + "}}");
                    if (reply.statusCode() != 202) {
                        throw new IllegalStateException("start failed: " + reply.statusCode() + " " + reply.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        double submitSeconds = (System.nanoTime() - started) / 1e9;
        long target = before[0] + before[1] + count;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            long[] now = finished(base, token, flows);
            if (now[0] + now[1] >= target) {
                return submitSeconds;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("executions did not finish: " + (now[0] + now[1]) + " of " + target);
            }
            Thread.sleep(50);
        }
    }

    /**
     * The engine alone: {@code count} executions (and their step runs, the first ones due) inserted in one
     * transaction, as a burst of starts would leave them, then drained; the clock runs until the last is final.
     */
    static void backlog(String base, String token, List<String> flows, String db, int count) throws Exception {
        long[] before = finished(base, token, flows);
        long requests = received.get();
        String flowList = String.join(",", flows.stream().map(f -> "'" + f + "'::uuid").toList());
        String sql = """
                begin;
                insert into flow_executions (id, flow_id, company_id, status, trigger_type, attempt_number, input, variables,
                                             created_at, updated_at, version)
                  select gen_random_uuid(), f.id, f.company_id, 'SCHEDULED', 'MANUAL', 1,
                         jsonb_build_object('email', 'b' || g || '@example.org', 'n', g), '{}'::jsonb, now(), now(), 0
                  from flows f, generate_series(1, %1$d / %2$d) g where f.id in (%3$s);
                insert into flow_step_runs (id, execution_id, flow_id, attempt_number, step_id, step_number, status, attempts,
                                            due_at, created_at, updated_at)
                  select gen_random_uuid(), e.id, e.flow_id, 1, s.id, s.step_number, 'PENDING', 0,
                         case when s.depends_on_step is null then now() end, now(), now()
                  from flow_executions e join flow_steps s on s.flow_id = e.flow_id and s.deleted_at is null
                  where e.flow_id in (%3$s) and e.status = 'SCHEDULED';
                update flows set status = 'RUNNING' where id in (%3$s);
                commit;
                analyze;
                """.formatted(count, flows.size(), flowList);
        var psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-c", sql)
                .redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("inserting the backlog failed: " + out);
        }
        int inserted = count / flows.size() * flows.size();
        long started = System.nanoTime();
        long target = before[0] + before[1] + inserted;
        long[] now;
        while ((now = finished(base, token, flows))[0] + now[1] < target) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("backlog: %d executions drained in %.2f s (%d success, %d failed): %.0f three-step executions/s, %.0f step requests/s%n",
                inserted, seconds, now[0] - before[0], now[1] - before[1], inserted / seconds, (received.get() - requests) / seconds);
    }

    /** {success, failed} executions over all the flows. */
    static long[] finished(String base, String token, List<String> flows) throws Exception {
        long success = 0;
        long failed = 0;
        for (String flow : flows) {
            success += total(send(base, token, "GET", "/v1/webhooks/" + flow + "/executions?status=success&size=1", null).body());
            failed += total(send(base, token, "GET", "/v1/webhooks/" + flow + "/executions?status=failed&size=1", null).body());
        }
        return new long[]{success, failed};
    }

    static long total(String body) {
        Matcher m = TOTAL.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no total in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    static String createFlow(String base, String token, String target, String name) throws Exception {
        String body = """
                {"name":"%s","max_retries":0,
                 "variables":[{"name":"contact_id","location":"$.data.id","stepId":1,"type":"response","dataType":"string"},
                              {"name":"trace","location":"header:X-Trace","stepId":2,"type":"response","dataType":"string"}],
                 "steps":[
                   {"step_number":1,"webhook_url":"%s/contacts","webhook_method":"POST","webhook_body":{"email":"{{email}}"}},
                   {"step_number":2,"webhook_url":"%s/contacts/{{contact_id}}","webhook_method":"GET","depends_on_step":1},
                   {"step_number":3,"webhook_url":"%s/notes","webhook_method":"PUT","depends_on_step":2,
                    "webhook_body":{"contact":"{{contact_id}}","trace":"{{trace}}","n":"{{n}}"}}]}"""
                .formatted(name, target, target, target);
        var reply = send(base, token, "POST", "/v1/webhooks", body);
        if (reply.statusCode() != 201) {
            throw new IllegalStateException("creating the flow failed: " + reply.statusCode() + " " + reply.body());
        }
        Matcher m = ID.matcher(reply.body());
        if (!m.find()) {
            throw new IllegalStateException("no id in " + reply.body());
        }
        return m.group(1);
    }

    static HttpResponse<String> send(String base, String token, String method, String path, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpServer receiver() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        AtomicLong ids = new AtomicLong();
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/contacts")) {
                answer(exchange, 201, "{\"data\":{\"id\":\"c-" + ids.incrementAndGet() + "\"}}");
            } else if (path.startsWith("/contacts/")) {
                exchange.getResponseHeaders().add("X-Trace", "tr-" + path.substring("/contacts/".length()));
                answer(exchange, 200, "{\"ok\":true}");
            } else {
                answer(exchange, 200, "{}");
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return server;
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
