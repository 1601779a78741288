package io.hookflow.delivery;

import static io.hookflow.delivery.Deliveries.awaitEvent;
import static io.hookflow.delivery.Deliveries.publish;
import static io.hookflow.delivery.Deliveries.status;
import static io.hookflow.delivery.Deliveries.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.UUID;
import java.util.regex.Pattern;

import io.hookflow.events.EventRows;
import io.hookflow.testing.Api;
import io.hookflow.testing.EngineTicks;
import io.hookflow.testing.LoopbackReceiver;
import io.hookflow.testing.LoopbackReceiver.Reply;
import io.hookflow.testing.ServerProcess;
import io.hookflow.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The engine under settings an operator may choose: a lease shorter than a subscription's timeout, and a node
 * small enough that one tenant's slow receivers could fill it. One server process, started as an operator starts it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineLimitsIT {

    /**
     * 40 items per node, 4 requests per lane: one team's five slow lanes would hold 80 without a tenant share. And
     * every claim counts as slow, so the engine's polls alone have each work table analyzed.
     */
    private static final Map<String, String> SETTINGS = Map.of(
            "hookflow.delivery.lease-seconds", "5",
            "hookflow.delivery.max-in-flight", "40",
            "hookflow.delivery.per-subscription-concurrency", "4",
            "hookflow.delivery.slow-claim-ms", "0");
    private static final String ANALYZED = """
            select relname, analyze_count from pg_stat_user_tables where relname in ('event_records', 'flow_step_runs')""";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    private static ServerProcess server;
    private static Map<String, Long> analyzedBefore;
    private static final LoopbackReceiver receiver = LoopbackReceiver.start();

    @BeforeAll
    static void start() {
        EventRows.assumeDatabase();
        analyzedBefore = analyzeCounts();
        server = ServerProcess.launch("engine-limits", SETTINGS);
        server.awaitReady(); // after the assignment: a server that never gets ready is still stopped below
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.kill();
        }
        receiver.close();
    }

    private static Api newTeam() {
        return server.api().as(TestTokens.forTeam(TestTokens.newTeamId()).roles("editor").mint());
    }

    @Test
    @Order(1)
    void aLeaseShorterThanTheTimeoutStillDeliversAndLeavesTheServerIdle() throws IOException {
        var api = newTeam();
        var subscription = subscribe(api, receiver.url("/patient"), "\"timeout_seconds\":10");
        receiver.byDefault(request -> request.path().equals("/patient") ? Reply.status(204).after(Duration.ofSeconds(1)) : Reply.status(204));

        publish(api, "evt-" + UUID.randomUUID());
        var event = awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);
        assertThat(event.getInt("attempts_count")).isEqualTo(1);

        long cpuBefore = cpuTicks(server.pid());
        Instant from = Instant.now();
        EngineTicks.awaitAfter(server.api(), from.plusSeconds(3));
        long cpuTicks = cpuTicks(server.pid()) - cpuBefore;
        double seconds = Duration.between(from, Instant.now()).toMillis() / 1000.0;

        // a claim given back at once and claimed again in a loop shows here first, and as a busy CPU
        assertThat(attempts(server, "webhook", "released")).isZero();
        assertThat(cpuTicks / 100.0 / seconds).as("CPU share of the idle server over %.1f s", seconds).isLessThan(0.5);
    }

    @Test
    @Order(2)
    void oneTeamFloodingSlowReceiversLeavesRoomForAnotherTeamsEvent() {
        var flooding = newTeam();
        for (int i = 0; i < 5; i++) {
            subscribe(flooding, receiver.url("/slow-" + i), "\"timeout_seconds\":30,\"max_retries\":0");
        }
        receiver.byDefault(request -> request.path().startsWith("/slow-") ? Reply.status(204).after(Duration.ofSeconds(15))
                : Reply.status(204));
        for (int i = 0; i < 20; i++) {
            publish(flooding, "flood-" + UUID.randomUUID());
        }
        receiver.awaitRequests(8, WITHIN); // the flood is being sent

        var quiet = newTeam();
        var healthy = subscribe(quiet, receiver.url("/healthy"), "");
        publish(quiet, "evt-" + UUID.randomUUID());

        // the slow receivers answer after 15 s: delivered well before that, it did not wait for their slots
        var event = awaitEvent(quiet, healthy.getString("id"), status("delivered"), Duration.ofSeconds(8));
        assertThat(event.getInt("attempts_count")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aClaimSlowerThanTheSettingHasItsWorkTableAnalyzed() {
        await().atMost(WITHIN).untilAsserted(() -> assertThat(analyzeCounts())
                .containsOnlyKeys("event_records", "flow_step_runs")
                .allSatisfy((table, count) -> assertThat(count).as(table).isGreaterThan(analyzedBefore.getOrDefault(table, 0L))));
    }

    /** How often each work table has been analyzed (manually, not by autovacuum) since the database was made. */
    private static Map<String, Long> analyzeCounts() {
        return EventRows.query(ANALYZED).stream().collect(Collectors.toMap(
                row -> (String) row.get("relname"), row -> ((Number) row.get("analyze_count")).longValue()));
    }

    private static long attempts(ServerProcess server, String kind, String outcome) {
        String metrics = server.api().withHeader("Accept", "text/plain").get("/metrics").body();
        var matcher = Pattern.compile("hookflow_delivery_attempts_total\\{(?=[^}]*kind=\"" + kind + "\")(?=[^}]*outcome=\""
                + outcome + "\")[^}]*} ([0-9.E]+)").matcher(metrics);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    /** User and system CPU time of a process so far, in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
