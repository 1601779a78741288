package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import jakarta.json.JsonObject;

import io.hookflow.events.EventRows;
import io.hookflow.testing.Api;
import io.hookflow.testing.EngineTicks;
import io.hookflow.testing.LoopbackReceiver;
import io.hookflow.testing.LoopbackReceiver.Reply;
import io.hookflow.testing.LoopbackReceiver.Request;
import io.hookflow.testing.ServerProcess;
import io.hookflow.testing.TestTokens;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker, the rate limit and retention for flows against the whole WAR on PostgreSQL, on one server
 * whose breaker opens after three steps in a row fail for good and whose retention keeps 5 minutes, sweeping every 5 s.
 */
class FlowOperatorIT {

    private static final String FLOWS = "/v1/webhooks";

    private static ServerProcess server;
    private static LoopbackReceiver receiver;
    /** "/flaky" refuses for good until healed. */
    private static final AtomicBoolean healed = new AtomicBoolean();

    @BeforeAll
    static void start() {
        EventRows.assumeDatabase();
        receiver = LoopbackReceiver.start().byDefault(request ->
                request.path().equals("/flaky") && !healed.get() ? Reply.status(400) : Reply.status(200));
        server = ServerProcess.start("flow-operator", Map.of(
                "hookflow.delivery.disable-after-failures", "3",
                "hookflow.delivery.disable-after-seconds", "0",
                "hookflow.retention.period", "PT5M",
                "hookflow.retention.sweep-seconds", "5"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.kill();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theBreakerHoldsTheStepTriesOfAFlowWhoseStepsFailedThreeTimesAndStartingItReleasesThem() {
        Api api = editor();
        String flow = create(api, "/flaky", "");
        List<String> failing = IntStream.range(0, 3).mapToObj(i -> run(api, flow)).toList();
        waiting().until(() -> !flow(api, flow).isNull("disabled_reason"));
        healed.set(true);

        String kept = run(api, flow);
        EngineTicks.awaitAfter(server.api(), Instant.now());

        var held = flow(api, flow);
        assertThat(held.getString("disabled_reason")).contains("circuit breaker").contains("3 steps").contains("since");
        assertThat(failing).allSatisfy(id -> assertThat(execution(api, flow, id).getString("status")).isEqualTo("failed"));
        assertThat(execution(api, flow, kept).getString("status")).as("accepted, its step waits").isEqualTo("scheduled");
        assertThat(requestsAt("/flaky")).as("nothing sent while the breaker holds the flow").hasSize(3);

        var started = api.post(FLOWS + "/" + flow + "/start", null);

        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().getJsonObject("data").isNull("disabled_reason")).isTrue();
        waiting().until(() -> "success".equals(execution(api, flow, kept).getString("status")));
        assertThat(requestsAt("/flaky")).hasSize(4);
    }

    @Test
    void aFlowLimitedToFivePerSecondGetsAtMostFiveStepTriesPerSecond() {
        Api api = editor();
        String flow = create(api, "/limited", ",\"rate_limit_per_second\":5");
        assertThat(flow(api, flow).getInt("rate_limit_per_second")).isEqualTo(5);
        int runs = 30;
        // every execution is due before the first try (held as an empty bucket holds it), so only the limit can
        // pace the tries: unlimited, thirty would arrive within a fraction of a second
        EventRows.update("update flow_delivery_state set held_until = now() + interval '1 hour' where flow_id = cast(? as uuid)", flow);
        IntStream.range(0, runs).forEach(i -> run(api, flow));
        EventRows.update("update flow_delivery_state set held_until = null where flow_id = cast(? as uuid)", flow);
        waiting().atMost(Duration.ofSeconds(60)).until(() -> requestsAt("/limited").size() >= runs);

        // the bucket holds one second's worth, so the first five may come at once; the rest are paced
        assertThat(LoopbackReceiver.perSecondAfter(requestsAt("/limited"), 5)).as("step tries per second after the first burst")
                .isLessThanOrEqualTo(5 * 1.2);
    }

    @Test
    void aRateLimitOutsideOneToTenThousandIsA422NamingTheField() {
        var reply = editor().post(FLOWS, body("/never", ",\"rate_limit_per_second\":0"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.string("/status")).isEqualTo("error");
        assertThat(reply.body()).contains("rate_limit_per_second");
    }

    @Test
    void retentionTakesOldFinishedExecutionsWithTheirTriesAndKeepsAnOldOneStillWaiting() {
        Api api = editor();
        String flow = create(api, "/retention", "");
        String done = run(api, flow);
        waiting().until(() -> "success".equals(execution(api, flow, done).getString("status")));
        List<String> tries = EventRows.query("""
                select a.id from delivery_attempts a join flow_step_runs r on a.work_id = cast(r.id as varchar(64))
                where a.kind = 'flow_step' and r.execution_id = cast(? as uuid)""", done).stream()
                .map(row -> String.valueOf(row.get("id"))).toList();
        assertThat(tries).hasSize(1);
        EventRows.update("update flow_delivery_state set held_until = now() + interval '1 hour' where flow_id = cast(? as uuid)", flow);
        String waitingRun = run(api, flow);
        EventRows.update("update flow_executions set created_at = now() - interval '1 hour' where flow_id = cast(? as uuid)", flow);

        waiting().until(() -> EventRows.query("select 1 from flow_executions where id = cast(? as uuid)", done).isEmpty());

        assertThat(EventRows.query("select 1 from delivery_attempts where id = ?", tries.get(0))).as("its try went with it").isEmpty();
        assertThat(EventRows.query("select 1 from flow_step_runs where execution_id = cast(? as uuid)", done)).isEmpty();
        assertThat(execution(api, flow, waitingRun).getString("status")).as("old, but waiting").isEqualTo("scheduled");

        EventRows.update("update flow_delivery_state set held_until = null where flow_id = cast(? as uuid)", flow);
        // it runs, and once finished it is as old as the other was: the next sweep takes it
        waiting().until(() -> EventRows.query("select 1 from flow_executions where id = cast(? as uuid)", waitingRun).isEmpty());
        assertThat(requestsAt("/retention")).hasSize(2);
    }

    // ---- helpers ----

    private static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200));
    }

    private static Api editor() {
        return server.api().as(TestTokens.forCompany(UUID.randomUUID()).roles("editor").mint());
    }

    private static String body(String path, String settings) {
        return """
                {"name":"operator","max_retries":0%s,
                 "steps":[{"step_number":1,"webhook_url":"%s","retry_limit":0}]}""".formatted(settings, receiver.url(path));
    }

    private static String create(Api api, String path, String settings) {
        var reply = api.post(FLOWS, body(path, settings));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.string("/data/id");
    }

    private static String run(Api api, String flow) {
        var reply = api.post(FLOWS + "/" + flow + "/executions", "{}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.string("/data/id");
    }

    private static JsonObject flow(Api api, String flow) {
        var reply = api.get(FLOWS + "/" + flow);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonObject("data");
    }

    private static JsonObject execution(Api api, String flow, String execution) {
        return api.get(FLOWS + "/" + flow + "/executions/" + execution).json().getJsonObject("data");
    }

    private static List<Request> requestsAt(String path) {
        return receiver.requests().stream().filter(r -> r.path().equals(path)).toList();
    }
}
