package io.hookflow.delivery;

import static io.hookflow.delivery.Deliveries.SUBSCRIPTIONS;
import static io.hookflow.delivery.Deliveries.publish;
import static io.hookflow.delivery.Deliveries.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import io.hookflow.events.EventRows;
import io.hookflow.testing.Api;
import io.hookflow.testing.ServerProcess;
import io.hookflow.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two servers on one PostgreSQL, a graceful stop, a kill -9 and a restart: the engine's claims and leases
 * under the conditions they exist for. The servers are processes started as an operator starts them
 * ({@link ServerProcess}), with a 20 s lease so a dead node's records come back within the test.
 * The tests run in order on the same two servers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryClusterIT {

    private static final Map<String, String> SHORT_LEASE = Map.of("hookflow.delivery.lease-seconds", "20");
    private static final String SETTINGS = "\"timeout_seconds\":5,\"max_retries\":10,\"retry_backoff_seconds\":1";

    private static ServerProcess a;
    private static ServerProcess b;
    private static final OverlapReceiver receiver = new OverlapReceiver();

    @BeforeAll
    static void startTwoServers() {
        EventRows.assumeDatabase();
        a = ServerProcess.launch("cluster-a", SHORT_LEASE);
        b = ServerProcess.launch("cluster-b", SHORT_LEASE);
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    static void stopAll() {
        for (ServerProcess server : new ServerProcess[]{a, b}) {
            if (server != null) {
                server.kill();
            }
        }
        receiver.close();
    }

    private static Api as(ServerProcess server, String token) {
        return server.api().as(token);
    }

    private static String editorToken() {
        return TestTokens.forTeam(TestTokens.newTeamId()).subject("cluster").roles("editor").mint();
    }

    @Test
    @Order(1)
    void twoServersDeliverEveryEventOnceAndNeverTheSameRecordAtTheSameTime() throws Exception {
        String token = editorToken();
        String subscription = subscribe(as(a, token), receiver.url("/both"), SETTINGS).getString("id");
        receiver.delay(Duration.ofMillis(5));

        int events = 2000;
        publishConcurrently("both", events, as(a, token), as(b, token));

        awaitAtLeast(() -> receiver.distinctAt("/both"), events, Duration.ofMinutes(4));
        awaitAtLeast(() -> deliveredCount(as(a, token), subscription), events, Duration.ofMinutes(1));

        assertThat(receiver.overlapping()).as("records delivered twice at the same time").isEmpty();
        assertThat(receiver.repeatedAt("/both")).as("records delivered more than once").isZero();
        assertThat(deliveredAttempts(a)).as("deliveries by server a").isPositive();
        assertThat(deliveredAttempts(b)).as("deliveries by server b").isPositive();
    }

    @Test
    @Order(2)
    void aGracefulStopFinishesOrGivesBackEverythingItHolds() throws Exception {
        String token = editorToken();
        String subscription = subscribe(as(b, token), receiver.url("/graceful"), SETTINGS).getString("id");
        receiver.delay(Duration.ofMillis(300));
        int events = 150;
        publishAndAwaitFirstArrivals(as(b, token), "graceful", events, 10);

        long pid = b.pid();
        b.stop();

        var held = EventRows.query("select count(*) as held from event_records where subscription_id = ? and lease_owner like ?",
                subscription, "%-" + pid + "-%");
        assertThat(((Number) held.get(0).get("held")).longValue()).as("leases the stopped server still holds").isZero();
        awaitAtLeast(() -> deliveredCount(as(a, token), subscription), events, Duration.ofMinutes(2));
        assertThat(receiver.distinctAt("/graceful")).isEqualTo(events);
    }

    @Test
    @Order(3)
    void aServerKilledMidDeliveryLosesNothingAfterARestart() throws Exception {
        String token = editorToken();
        String subscription = subscribe(as(a, token), receiver.url("/killed"), SETTINGS).getString("id");
        // slow enough that 32 requests at a time cannot finish all 200 while they are still being published
        receiver.delay(Duration.ofSeconds(2));
        int events = 200;
        publishAndAwaitFirstArrivals(as(a, token), "killed", events, 40);

        a.kill();
        long deliveredBeforeRestart = receiver.distinctAt("/killed");
        a.restart();

        awaitAtLeast(() -> deliveredCount(as(a, token), subscription), events, Duration.ofMinutes(3));
        assertThat(deliveredBeforeRestart).as("the kill came mid-delivery").isLessThan(events);
        assertThat(receiver.distinctAt("/killed")).isEqualTo(events);
        assertThat(receiver.overlapping()).as("records delivered twice at the same time").isEmpty();
    }

    @Test
    @Order(4)
    void withTheGuardOnPrivateTargetsAreRefusedWhenASubscriptionIsWritten() {
        try (var guarded = ServerProcess.start("cluster-guarded", Map.of("hookflow.delivery.allow-private-targets", "false"))) {
            var api = as(guarded, editorToken());

            for (String url : List.of("http://127.0.0.1:9/hook", "http://localhost/hook", "http://169.254.169.254/latest/meta-data",
                    "http://10.1.2.3/hook", "http://[::1]/hook")) {
                var refused = api.post(SUBSCRIPTIONS, "{\"name\":\"x\",\"url\":\"" + url + "\",\"actions\":[\"workflow_created\"]}");
                assertThat(refused.status()).as(url + " -> " + refused).isEqualTo(422);
                assertThat(refused.at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"url\"]");
                assertThat(refused.string("/detail/0/msg")).contains("private").contains("hookflow.delivery.allow-private-targets");
            }

            // a public address literal: the guard passes it without a DNS lookup, and nothing is published to it
            String id = subscribe(api, "https://198.51.100.7/in", "").getString("id");
            var patched = api.patch(SUBSCRIPTIONS + "/" + id, "{\"url\":\"http://192.168.0.10/in\"}");
            assertThat(patched.status()).as(patched.toString()).isEqualTo(422);
            assertThat(patched.at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"url\"]");
        }
    }

    /** Publishes {@code events} events with ids {@code name-i}, then waits until the receiver has had {@code arrived} of them at /name. */
    private static void publishAndAwaitFirstArrivals(Api api, String name, int events, int arrived) throws Exception {
        // not one by one: on a loaded machine that can take longer than the receiver takes to receive them all, and
        // the stop or kill that follows would come after the last delivery instead of in the middle
        publishConcurrently(name, events, api);
        awaitAtLeast(() -> receiver.requestsAt("/" + name), arrived, Duration.ofMinutes(1));
    }

    /** Publishes {@code name-0} .. {@code name-(events-1)}, eight at a time, through the given APIs in turn. */
    private static void publishConcurrently(String name, int events, Api... via) throws Exception {
        var publishers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> published = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                Api api = via[i % via.length];
                String eventId = name + "-" + i;
                published.add(publishers.submit(() -> publish(api, eventId)));
            }
            for (Future<String> future : published) {
                future.get();
            }
        } finally {
            publishers.shutdown();
        }
    }

    private static long deliveredCount(Api api, String subscription) {
        var reply = api.get(Deliveries.EVENTS + "?subscription_id=" + subscription + "&status=delivered&size=1");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getInt("total");
    }

    private static long deliveredAttempts(ServerProcess server) {
        String metrics = server.api().withHeader("Accept", "text/plain").get("/metrics").body();
        var matcher = Pattern.compile("hookflow_delivery_attempts_total\\{(?=[^}]*kind=\"webhook\")(?=[^}]*outcome=\"delivered\")[^}]*} ([0-9.E]+)").matcher(metrics);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    private static void awaitAtLeast(LongSupplier count, long expected, Duration within) {
        await("count reaches " + expected).atMost(within).pollInterval(Duration.ofMillis(200))
                .until(count::getAsLong, seen -> seen >= expected);
    }
}
