package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * Flows on two servers sharing one PostgreSQL: a schedule's due time starts one execution whichever server
 * polls first, and a step in flight on a server that is killed runs again on the other once its lease lapses.
 * The tests run in order on the same two servers (the second kills one).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowsClusterIT {

    private static final String FLOWS = "/v1/webhooks";
    private static final Map<String, String> SHORT_LEASE = Map.of("hookflow.delivery.lease-seconds", "10");

    private static ServerProcess a;
    private static ServerProcess b;

    @BeforeAll
    static void startTwoServers() {
        EventRows.assumeDatabase();
        a = ServerProcess.launch("flows-cluster-a", SHORT_LEASE);
        b = ServerProcess.launch("flows-cluster-b", SHORT_LEASE);
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
    }

    private static Api as(ServerProcess server, UUID company) {
        return server.api().as(TestTokens.forCompany(company).roles("editor").mint());
    }

    @Test
    @Order(1)
    void aScheduleStartsExactlyOneExecutionPerDueTimeWithTwoServersPolling() {
        try (var receiver = LoopbackReceiver.start()) {
            var company = UUID.randomUUID();
            var created = as(a, company).post(FLOWS, """
                    {"name":"every minute","schedule":{"cron":"* * * * *","timezone":"UTC"},
                     "steps":[{"step_number":1,"webhook_url":"%s"}]}""".formatted(receiver.url("/tick")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String flow = created.string("/data/id");

            // two due times pass while both servers poll every second
            receiver.awaitRequests(2, Duration.ofSeconds(150));
            // a duplicate start by the slower server would land by its next polls
            Instant lastDue = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            EngineTicks.awaitAfter(a.api(), lastDue.plusSeconds(1));
            EngineTicks.awaitAfter(b.api(), lastDue.plusSeconds(1));

            List<Map<String, Object>> executions = EventRows.query(
                    "select scheduled_for, status, trigger_type from flow_executions where flow_id = ?::uuid order by scheduled_for", flow);
            assertThat(executions).hasSizeGreaterThanOrEqualTo(2);
            assertThat(executions).allSatisfy(row -> {
                assertThat(row.get("trigger_type")).isEqualTo("SCHEDULE");
                Instant due = ((java.sql.Timestamp) row.get("scheduled_for")).toInstant();
                assertThat(due.getEpochSecond() % 60).isZero();
            });
            assertThat(executions.stream().map(row -> row.get("scheduled_for")).distinct()).hasSameSizeAs(executions);
            assertThat(receiver.requests()).hasSameSizeAs(executions);
            var reply = as(b, company).get(FLOWS + "/" + flow);
            assertThat(Instant.parse(reply.string("/data/next_run_at"))).isAfter(Instant.now().minusSeconds(1));
            as(a, company).post(FLOWS + "/" + flow + "/stop", null);
        }
    }

    @Test
    @Order(2)
    void aStepInFlightOnAKilledServerRunsAgainAfterItsLease() {
        try (var receiver = LoopbackReceiver.start()) {
            receiver.thenReply(Reply.json(200, "{\"id\":\"late\"}").after(Duration.ofSeconds(30)));
            receiver.byDefault(request -> Reply.json(200, "{\"id\":\"fresh\"}"));
            var company = UUID.randomUUID();
            var api = as(a, company);
            String flow = api.post(FLOWS, """
                    {"name":"survives","max_retries":0,
                     "variables":[{"name":"id","location":"$.id","stepId":1,"type":"response"}],
                     "steps":[{"step_number":1,"webhook_url":"%s","webhook_timeout":20,"timeout":120},
                              {"step_number":2,"webhook_url":"%s/{{id}}","depends_on_step":1}]}"""
                    .formatted(receiver.url("/slow"), receiver.url("/next"))).string("/data/id");
            String execution = api.post(FLOWS + "/" + flow + "/executions", "{}").string("/data/id");
            receiver.awaitRequests(1, Duration.ofSeconds(30));

            String holder = (String) EventRows.query("select lease_owner from flow_step_runs where execution_id = ?::uuid and step_number = 1",
                    execution).get(0).get("lease_owner");
            ServerProcess dying = holder.contains("-" + a.pid() + "-") ? a : b;
            ServerProcess survivor = dying == a ? b : a;
            dying.kill();

            var done = FlowRunsIT.awaitFinal(as(survivor, company), flow, execution, Duration.ofSeconds(120));

            assertThat(done.getString("status")).isEqualTo("success");
            var paths = receiver.requests().stream().map(LoopbackReceiver.Request::path).toList();
            assertThat(paths).containsExactly("/slow", "/slow", "/next/fresh");
        }
    }
}
