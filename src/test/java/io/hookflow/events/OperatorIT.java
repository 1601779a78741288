package io.hookflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import io.hookflow.testing.Api;
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
 * The operator features against the whole WAR on PostgreSQL, on one server started with short settings: the
 * circuit breaker opens after three failures in a row, retention keeps 5 minutes and sweeps every 5 s.
 */
class OperatorIT {

    private static final String SUBSCRIPTIONS = "/workflows/v1/workflow-webhooks";
    private static final String EVENTS = SUBSCRIPTIONS + "/events";
    private static final String WORKFLOW = "64b7f0c2a1b2c3d4e5f60718";
    private static final int SERVER_PORT = 27080;
    private static final int RECEIVER_PORT = 27081;

    private static ServerProcess server;
    private static LoopbackReceiver receiver;
    /** Event ids the "/ordered" path has refused once already. */
    private static final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        EventRows.assumeDatabase();
        receiver = LoopbackReceiver.start(RECEIVER_PORT).byDefault(OperatorIT::answer);
        server = ServerProcess.start("operator", Map.of(
                "hookflow.delivery.disable-after-failures", "3",
                "hookflow.delivery.disable-after-seconds", "0",
                // not 30 s: on a loaded machine a backlog built up for the other tests can get that old before it goes
                "hookflow.retention.period", "PT5M",
                "hookflow.retention.sweep-seconds", "5"), SERVER_PORT);
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

    /** "/broken..." always refuses for good; "/ordered" fails each event's first try; the rest accept. */
    private static Reply answer(Request request) {
        if (request.path().startsWith("/broken")) {
            return Reply.status(400);
        }
        if (request.path().equals("/ordered") && refusedOnce.add(eventId(request))) {
            return Reply.status(500);
        }
        return Reply.status(200);
    }

    @Test
    void aBulkReplaySendsFiveFailedEventsAgainAfterTheUrlIsFixed() {
        Api api = editor();
        String id = subscribe(api, receiver.url("/broken-replay"), "\"max_retries\":0");
        // three failures open the breaker (threshold 3 here); the two published meanwhile wait, then fail too
        List<String> events = new ArrayList<>();
        IntStream.range(0, 3).forEach(i -> events.add(publish(api, "replay-" + i)));
        waiting().until(() -> subscription(api, id).getString("disabled_reason", null) != null);
        IntStream.range(3, 5).forEach(i -> events.add(publish(api, "replay-" + i)));
        assertThat(api.patch(SUBSCRIPTIONS + "/" + id, "{\"enabled\":true}").status()).isEqualTo(200);
        waiting().until(() -> count(api, id, "failed") == 5);

        assertThat(api.patch(SUBSCRIPTIONS + "/" + id, "{\"url\":\"" + receiver.url("/fixed-replay") + "\"}").status()).isEqualTo(200);
        var forbidden = viewer().post(EVENTS + "/replay?subscription_id=" + id, "");
        var replay = api.post(EVENTS + "/replay?status=failed&subscription_id=" + id, "");

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        assertThat(replay.json().getJsonNumber("replayed").longValue()).isEqualTo(5);
        waiting().until(() -> eventIdsAt("/fixed-replay").size() == 5);
        assertThat(eventIdsAt("/fixed-replay")).containsExactlyInAnyOrderElementsOf(events);
        var again = api.post(EVENTS + "/replay?status=failed&subscription_id=" + id, "");
        assertThat(again.json().getJsonNumber("replayed").longValue()).as("nothing failed is left").isZero();
    }

    @Test
    void theBreakerOpensAfterThreeFailuresKeepsWhatArrivesAndSendsItWhenEnabled() {
        Api api = editor();
        String id = subscribe(api, receiver.url("/broken-breaker"), "\"max_retries\":0");
        IntStream.range(0, 3).forEach(i -> publish(api, "breaker-" + i));
        waiting().until(() -> subscription(api, id).getString("disabled_reason", null) != null);

        var disabled = subscription(api, id);
        String kept = publish(api, "breaker-while-open");
        var waitingRecord = newest(api, id);

        assertThat(disabled.getBoolean("enabled")).isFalse();
        assertThat(disabled.getString("disabled_reason")).contains("circuit breaker").contains("3 deliveries").contains("since");
        assertThat(waitingRecord.getString("event_id")).isEqualTo(kept);
        assertThat(waitingRecord.getString("status")).isEqualTo("pending");
        assertThat(waitingRecord.getInt("attempts_count")).isZero();

        var enabled = api.patch(SUBSCRIPTIONS + "/" + id,
                "{\"enabled\":true,\"url\":\"" + receiver.url("/fixed-breaker") + "\"}");
        assertThat(enabled.json().isNull("disabled_reason")).isTrue();
        waiting().until(() -> eventIdsAt("/fixed-breaker").contains(kept));
        waiting().until(() -> "delivered".equals(newest(api, id).getString("status")));
    }

    @Test
    void aSubscriptionLimitedToFivePerSecondGetsAtMostFivePerSecond() {
        Api api = editor();
        String id = subscribe(api, receiver.url("/limited"), "\"rate_limit_per_second\":5");
        assertThat(subscription(api, id).getInt("rate_limit_per_second")).isEqualTo(5);
        int events = 30;
        // the whole backlog is there before the first delivery (held as an empty bucket holds it), so only the
        // limit can pace the deliveries: unlimited, thirty would arrive within a fraction of a second
        EventRows.update("update subscription_delivery_state set held_until = now() + interval '1 hour' where subscription_id = ?", id);
        IntStream.range(0, events).forEach(i -> publish(api, "limited-" + i));
        EventRows.update("update subscription_delivery_state set held_until = null where subscription_id = ?", id);
        waiting().atMost(Duration.ofSeconds(60)).until(() -> requestsAt("/limited").size() >= events);

        // the bucket holds one second's worth, so the first five may come at once; the rest are paced
        assertThat(LoopbackReceiver.perSecondAfter(requestsAt("/limited"), 5)).as("deliveries per second after the first burst")
                .isLessThanOrEqualTo(5 * 1.2);

        waiting().until(() -> stats(api, id).getJsonNumber("delivered").longValue() == events);
        var stats = stats(api, id);
        assertThat(stats.getJsonNumber("success_rate").doubleValue()).isEqualTo(1.0);
        assertThat(stats.getJsonObject("latency_ms").isNull("p50")).isFalse();
        assertThat(stats.getJsonArray("series")).hasSize(24);
        assertThat(stats.getJsonArray("series").stream().mapToLong(b -> b.asJsonObject().getJsonNumber("delivered").longValue()).sum())
                .isEqualTo(events);
    }

    @Test
    void anOrderedSubscriptionWhoseReceiverFailsEachFirstTryGetsEightEventsStrictlyInOrder() {
        Api api = editor();
        String id = subscribe(api, receiver.url("/ordered"), "\"ordered\":true,\"max_retries\":3,\"retry_backoff_seconds\":1");
        List<String> published = IntStream.range(0, 8).mapToObj(i -> publish(api, "ordered-" + i)).toList();
        waiting().atMost(Duration.ofSeconds(90)).until(() -> count(api, id, "delivered") == 8);

        List<String> expected = published.stream().flatMap(e -> java.util.stream.Stream.of(e, e)).toList();
        assertThat(requestsAt("/ordered").stream().map(OperatorIT::eventId).toList())
                .as("each event's failed try and its retry, one event after the other").isEqualTo(expected);
    }

    @Test
    void anEventOlderThanTheRetentionPeriodIsGoneAndTotalsFollow() {
        Api api = editor();
        String id = subscribe(api, receiver.url("/retention"), "");
        String old = publish(api, "retention-old");
        waiting().until(() -> count(api, id, "delivered") == 1);
        EventRows.update("update event_records set created_at = now() - interval '1 hour' where subscription_id = ?", id);
        EventRows.update("update delivery_attempts set created_at = now() - interval '1 hour' where subscription_id = ?", id);
        String fresh = publish(api, "retention-fresh");

        waiting().until(() -> EventRows.query("select 1 from event_records where subscription_id = ? and event_id = ?", id, old).isEmpty());

        assertThat(EventRows.query("select 1 from delivery_attempts where event_id = ?", old)).isEmpty();
        var left = api.get(EVENTS + "?subscription_id=" + id).json();
        assertThat(left.getJsonArray("events")).extracting(e -> e.asJsonObject().getString("event_id")).containsExactly(fresh);
        assertThat(left.getInt("total")).isEqualTo(1);
    }

    @Test
    void retentionKeepsAnOldRecordHeldByTheOpenBreakerUntilItIsDeliveredAndRemovesTheFinishedOnes() {
        Api api = editor();
        String id = subscribe(api, receiver.url("/broken-held"), "\"max_retries\":0");
        IntStream.range(0, 3).forEach(i -> publish(api, "held-failing-" + i));
        waiting().until(() -> subscription(api, id).getString("disabled_reason", null) != null);
        String held = publish(api, "held-while-open");
        EventRows.update("update event_records set created_at = now() - interval '1 hour' where subscription_id = ?", id);
        EventRows.update("update delivery_attempts set created_at = now() - interval '1 hour' where subscription_id = ?", id);

        // a sweep took the three old failed records (and their attempts); the old one still waiting stays
        waiting().until(() -> count(api, id, "failed") == 0);

        assertThat(EventRows.query("select 1 from delivery_attempts where subscription_id = ?", id)).isEmpty();
        var left = api.get(EVENTS + "?subscription_id=" + id).json();
        assertThat(left.getInt("total")).isEqualTo(1);
        assertThat(left.getJsonArray("events").getJsonObject(0).getString("event_id")).isEqualTo(held);
        assertThat(left.getJsonArray("events").getJsonObject(0).getString("status")).isEqualTo("pending");

        assertThat(api.patch(SUBSCRIPTIONS + "/" + id, "{\"enabled\":true,\"url\":\"" + receiver.url("/fixed-held") + "\"}")
                .status()).isEqualTo(200);
        waiting().until(() -> eventIdsAt("/fixed-held").contains(held));
        // delivered now, and still an hour old: the next sweep takes it with its attempt, and the totals follow
        waiting().until(() -> EventRows.query("select 1 from event_records where subscription_id = ?", id).isEmpty());
        assertThat(EventRows.query("select 1 from delivery_attempts where subscription_id = ?", id)).isEmpty();
        assertThat(api.get(EVENTS + "?subscription_id=" + id).json().getInt("total")).isZero();
    }

    // ---- helpers ----

    private static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200));
    }

    private static Api editor() {
        return server.api().as(TestTokens.forTeam(TestTokens.newTeamId()).subject("operator").roles("editor").mint());
    }

    private static Api viewer() {
        return server.api().as(TestTokens.forTeam(TestTokens.newTeamId()).subject("viewer").roles("viewer").mint());
    }

    private static String subscribe(Api api, String url, String settings) {
        var reply = api.post(SUBSCRIPTIONS, "{\"name\":\"operator\",\"url\":\"" + url + "\",\"actions\":[\"workflow_created\"]"
                + (settings.isBlank() ? "" : "," + settings) + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private static String publish(Api api, String eventId) {
        var reply = api.post(EVENTS, """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"Operator","event_id":"%s"}"""
                .formatted(WORKFLOW, eventId + "-" + System.nanoTime()));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().getString("event_id");
    }

    private static JsonObject subscription(Api api, String id) {
        var reply = api.get(SUBSCRIPTIONS + "/" + id);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static JsonObject newest(Api api, String id) {
        return api.get(EVENTS + "?subscription_id=" + id).json().getJsonArray("events").getJsonObject(0);
    }

    private static int count(Api api, String id, String status) {
        return api.get(EVENTS + "?size=1&subscription_id=" + id + "&status=" + status).json().getInt("total");
    }

    private static JsonObject stats(Api api, String id) {
        var reply = api.get(SUBSCRIPTIONS + "/" + id + "/stats");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static List<Request> requestsAt(String path) {
        return receiver.requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    private static List<String> eventIdsAt(String path) {
        return requestsAt(path).stream().map(OperatorIT::eventId).toList();
    }

    private static String eventId(Request request) {
        try (var reader = Json.createReader(new StringReader(request.bodyText()))) {
            return reader.readObject().getString("event_id");
        }
    }
}
