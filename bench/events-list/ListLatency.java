import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency of GET /workflows/v1/workflow-webhooks/events through the real HTTP API, one client calling in
 * sequence: for each typical query, warm-up calls, then measured calls; prints p50/p95/p99/max and the total
 * the server reported. JDK only: java ListLatency.java BASE_URL TOKEN [CALLS]
 */
public class ListLatency {

    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/+$", "");
        String token = args[1];
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int warmup = Math.max(5, calls / 10);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Map<String, String> scenarios = new LinkedHashMap<>();
        scenarios.put("no filter", "");
        scenarios.put("status=failed", "status=failed");
        scenarios.put("status=delivered", "status=delivered");
        scenarios.put("search (1 name of 1000)", "search=" + encode("Invoice sync #421"));
        scenarios.put("search (one run id)", "search=run-123456");
        scenarios.put("search (broad: 4% match)", "search=" + encode("timed out"));
        scenarios.put("time window (1 day)", "start=" + now.minus(Duration.ofDays(3)) + "&end=" + now.minus(Duration.ofDays(2)));
        scenarios.put("subscription+status", "subscription_id=65b000000000000000000007&status=delivered");
        scenarios.put("action+window (7 days)", "action=workflow_run_completed&start=" + now.minus(Duration.ofDays(7)));
        scenarios.put("no filter, page 50", "page=50");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // the server has just started: let the JIT and the pools settle on every query before measuring any
        for (int round = 0; round < warmup; round++) {
            for (String query : scenarios.values()) {
                call(http, request(base, token, query));
            }
        }
        System.out.printf("%-28s %9s %8s %8s %8s %8s%n", "GET /events?… (size 300)", "total", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (var scenario : scenarios.entrySet()) {
            HttpRequest request = request(base, token, scenario.getValue());
            String total = call(http, request).total;
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                millis.add(call(http, request).millis);
            }
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-28s %9s %8.1f %8.1f %8.1f %8.1f%n", scenario.getKey(), total,
                    percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
        }
    }

    private record Outcome(double millis, String total) {
    }

    private static HttpRequest request(String base, String token, String query) {
        URI uri = URI.create(base + "/workflows/v1/workflow-webhooks/events" + (query.isEmpty() ? "" : "?" + query));
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build();
    }

    private static Outcome call(HttpClient http, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        Matcher total = TOTAL.matcher(response.body());
        return new Outcome(millis, total.find() ? total.group(1) : "?");
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
