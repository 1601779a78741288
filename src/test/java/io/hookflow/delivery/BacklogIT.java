package io.hookflow.delivery;

import static io.hookflow.delivery.Deliveries.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.hookflow.events.EventRows;
import io.hookflow.testing.LoopbackReceiver;
import io.hookflow.testing.LoopbackReceiver.Reply;
import io.hookflow.testing.ServerProcess;
import io.hookflow.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backlog drained as after a receiver's outage: how much of it the engine's claims read. One server process,
 * against PostgreSQL (its planner is what is under test).
 */
class BacklogIT {

    private static final String INDEX_READS = "select idx_tup_read from pg_stat_user_indexes where indexrelname = ?";
    private static final int BACKLOG = 3_000;
    /**
     * The lane's bound (5 sending, 20 held) binds before the tenant's (80) and the node's (100), as the defaults do
     * (32, 64, 128, 512): once the lane is full, the pump's next claim leaves it out and has to look past all of its
     * records to find nothing else.
     */
    private static final Map<String, String> SETTINGS = Map.of(
            "hookflow.delivery.max-in-flight", "100",
            "hookflow.delivery.per-subscription-concurrency", "5",
            "hookflow.delivery.per-tenant-in-flight", "80");
    /** Long enough that a lane's five requests are still open when the pump claims again right after filling it. */
    private static final Duration ANSWER_TIME = Duration.ofMillis(20);
    private static final Duration WITHIN = Duration.ofSeconds(60);

    private static ServerProcess server;
    private static final LoopbackReceiver receiver = LoopbackReceiver.start();

    @BeforeAll
    static void start() {
        EventRows.assumeDatabase();
        server = ServerProcess.launch("backlog", SETTINGS);
        server.awaitReady(); // after the assignment: a server that never gets ready is still stopped below
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.kill();
        }
        receiver.close();
    }

    /**
     * Behind the only subscription, with fresh planner statistics, each claim must read the due index oldest first and
     * stop at its limit. Planned as an anti join, the "not held" gate made PostgreSQL expect a single surviving row
     * and sort every due record on each claim instead (0.7 s per claim of 100 at 100,000 due): the backlog read
     * again per claim, so reads that grow with its square.
     */
    @Test
    void aBacklogBehindOneSubscriptionIsClaimedOldestFirstWithoutReadingAllOfItPerClaim() {
        String team = TestTokens.newTeamId();
        var api = server.api().as(TestTokens.forTeam(team).roles("editor").mint());
        String subscription = subscribe(api, receiver.url("/backlog"), "\"enabled\":false").getString("id");
        receiver.byDefault(request -> Reply.status(204).after(ANSWER_TIME));
        EventRows.update("""
                insert into event_records (id, event_id, subscription_id, team_id, action, workflow_id, workflow_name,
                                           payload, status, attempts_count, search_facets, search_ids, due_at, created_at, updated_at, version)
                select 'e' || lpad(to_hex(g), 23, '0'), 'backlog-' || g, ?, ?, 'WORKFLOW_CREATED',
                       '64b7f0c2a1b2c3d4e5f60718', 'backlog', '{"n": 1}'::jsonb, 'PENDING', 0, 'backlog', 'backlog-' || g,
                       now() - interval '1 hour' + g * interval '1 millisecond', now(), now(), 0
                from generate_series(1, ?) g""", subscription, team, BACKLOG);
        // statistics of every table, as routine maintenance (or autovacuum, in time) leaves them: the planner then
        // knows there is one subscription, with one state row
        EventRows.update("analyze");
        long readBefore = indexReads("event_records_due");

        assertThat(api.patch(Deliveries.SUBSCRIPTIONS + "/" + subscription, "{\"enabled\":true}").status()).isEqualTo(200);

        assertReadAboutOnce("event_records_due", readBefore, "/backlog", 20);
    }

    /** The same for the step runs of one flow's executions: a flow's gates (breaker, hold) are its claim's too. */
    @Test
    void aBacklogOfOneFlowsStepsIsClaimedOldestFirstWithoutReadingAllOfItPerClaim() {
        var api = server.api().as(TestTokens.forCompany(UUID.randomUUID()).roles("editor").mint());
        var created = api.post("/v1/webhooks", """
                {"name":"backlog","max_retries":0,
                 "steps":[{"step_number":1,"webhook_url":"%s","retry_limit":0}]}""".formatted(receiver.url("/flow-backlog")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String flow = created.string("/data/id");
        receiver.byDefault(request -> Reply.status(200).after(ANSWER_TIME));
        // held (as an empty bucket holds it) while the backlog is written and the statistics taken
        EventRows.update("update flow_delivery_state set held_until = now() + interval '1 hour' where flow_id = cast(? as uuid)", flow);
        EventRows.update("""
                insert into flow_executions (id, flow_id, company_id, status, trigger_type, attempt_number, input, variables,
                                             created_at, updated_at, version)
                select gen_random_uuid(), f.id, f.company_id, 'SCHEDULED', 'MANUAL', 1, '{}'::jsonb, '{}'::jsonb, now(), now(), 0
                from flows f, generate_series(1, ?) g where f.id = cast(? as uuid)""", BACKLOG, flow);
        EventRows.update("""
                insert into flow_step_runs (id, execution_id, flow_id, attempt_number, step_id, step_number, status, attempts,
                                            due_at, created_at, updated_at)
                select gen_random_uuid(), e.id, e.flow_id, 1, s.id, s.step_number, 'PENDING', 0, now() - interval '1 hour',
                       now(), now()
                from flow_executions e join flow_steps s on s.flow_id = e.flow_id
                where e.flow_id = cast(? as uuid)""", flow);
        EventRows.update("update flows set status = 'RUNNING' where id = cast(? as uuid)", flow);
        EventRows.update("analyze");
        long readBefore = indexReads("flow_step_runs_due");

        EventRows.update("update flow_delivery_state set held_until = null where flow_id = cast(? as uuid)", flow);

        assertReadAboutOnce("flow_step_runs_due", readBefore, "/flow-backlog", 40);
    }

    private static void assertReadAboutOnce(String dueIndex, long readBefore, String path, int perItem) {
        await().atMost(WITHIN).until(() -> receiver.requests().stream().filter(r -> r.path().equals(path)).count() >= BACKLOG);
        // the claims' reads reach the statistics once their backends report them: at least each item once
        await().atMost(WITHIN).until(() -> indexReads(dueIndex) - readBefore >= BACKLOG);
        // besides the claims, the engine's backlog gauge counts the due index every 5 s. Sorting the backlog on every
        // claim read 475,000 and more; looking past the full lane once per pump, asking again what had found nothing,
        // 360,000 (records). Then about 60,000 (records) and 140,000 (step runs), 184,000 to 200,000 (step runs) once
        // answers came back one by one (Apache's client), each claim reading the lane's leased items at the head of
        // the index and a page to take two. Now, a lane claimed for when half its room ahead is free: about 32,000
        // (records) and 76,000 (step runs)
        assertThat(indexReads(dueIndex) - readBefore).as("%s entries read to deliver %d items", dueIndex, BACKLOG)
                .isLessThan((long) perItem * BACKLOG);
    }

    private static long indexReads(String index) {
        return ((Number) EventRows.query(INDEX_READS, index).get(0).get("idx_tup_read")).longValue();
    }
}
