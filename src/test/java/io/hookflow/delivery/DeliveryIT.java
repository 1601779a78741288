package io.hookflow.delivery;

import static io.hookflow.delivery.Deliveries.attempts;
import static io.hookflow.delivery.Deliveries.awaitEvent;
import static io.hookflow.delivery.Deliveries.publish;
import static io.hookflow.delivery.Deliveries.status;
import static io.hookflow.delivery.Deliveries.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.JsonObject;

import com.standardwebhooks.Webhook;
import io.hookflow.events.EventRows;
import io.hookflow.testing.Api;
import io.hookflow.testing.EngineTicks;
import io.hookflow.testing.Deployments;
import io.hookflow.testing.LoopbackReceiver;
import io.hookflow.testing.LoopbackReceiver.Reply;
import io.hookflow.testing.ServerProcess;
import io.hookflow.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The delivery engine on the real WAR and PostgreSQL, against real receivers on 127.0.0.1. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeliveryIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @ArquillianResource
    URL base;

    private final LoopbackReceiver receiver = LoopbackReceiver.start();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hookflowWar();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private Api editor() {
        return new Api(base).as(TestTokens.forTeam(TestTokens.newTeamId()).subject("deliverer").roles("editor").mint());
    }

    private static String eventId() {
        return "evt-" + UUID.randomUUID();
    }

    @Test
    void aPublishedEventIsPostedSignedTwiceWithTheBearerTokenAndBookedAsDelivered() throws Exception {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/hooks/in"), "\"bearer_token\":\"s3cr3t-token\"");
        receiver.thenReply(Reply.json(200, "{\"received\":true}"));
        Instant published = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        String eventId = publish(api, eventId());
        var request = receiver.awaitRequests(1, WITHIN).get(0);
        var event = awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/in");
        assertThat(request.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(request.header("User-Agent")).hasValueSatisfying(v -> assertThat(v).contains("Hookflow"));
        assertThat(request.header("Authorization")).contains("Bearer s3cr3t-token");
        var body = jsonOf(request.bodyText());
        assertThat(body.getString("event_id")).isEqualTo(eventId);
        assertThat(body.getString("type")).isEqualTo("workflow_created");
        assertThat(body.getString("action")).isEqualTo("workflow_created");
        assertThat(body.getString("workflow_id")).isEqualTo(Deliveries.WORKFLOW);
        assertThat(body.getString("workflow_name")).isEqualTo("Onboarding");
        assertThat(body.getString("workflow_run_id")).isEqualTo("run-1");
        assertThat(body.getString("workflow_run_status")).isEqualTo("completed");
        assertThat(body.getString("team_id")).isNotBlank();
        assertThat(body.getString("timestamp")).endsWith("Z");
        assertThat(body.getJsonObject("payload").getJsonObject("customer").getInt("id")).isEqualTo(42);
        assertThat(body.getJsonObject("payload").getString("note")).isEqualTo("ünïcode");

        String secret = subscription.getString("secret");
        assertThat(request.header("webhook-id")).contains(event.getString("_id"));
        new Webhook(secret).verify(request.bodyText(), headersOf(request));
        assertThat(request.header("X-Interactly-Signature")).contains(hexHmac(secret, request.body()));
        assertThat(request.header("X-Interactly-Timestamp")).isEqualTo(request.header("webhook-timestamp"));

        assertThat(event.getInt("attempts_count")).isEqualTo(1);
        assertThat(event.getInt("last_status_code")).isEqualTo(200);
        // the booking writes its times as microseconds since the epoch on PostgreSQL: the same moments come back
        Instant booked = Instant.now();
        assertThat(Instant.parse(event.getString("delivered_at"))).isBetween(published, booked);
        assertThat(Instant.parse(event.getString("last_attempt_at"))).isEqualTo(Instant.parse(event.getString("delivered_at")));
        assertThat(event.isNull("next_retry_at")).isTrue();
        var attempts = attempts(api, eventId);
        assertThat(attempts.getInt("total")).isEqualTo(1);
        var attempt = attempts.getJsonArray("attempts").getJsonObject(0);
        assertThat(attempt.getBoolean("success")).isTrue();
        assertThat(attempt.getInt("attempt_number")).isEqualTo(1);
        assertThat(attempt.getInt("response_status_code")).isEqualTo(200);
        assertThat(attempt.getString("response_body")).isEqualTo("{\"received\":true}");
        assertThat(attempt.getString("request_url")).isEqualTo(receiver.url("/hooks/in"));
        assertThat(attempt.getJsonNumber("latency_ms").longValue()).isNotNegative();
        assertThat(Instant.parse(attempt.getString("created_at"))).isEqualTo(Instant.parse(event.getString("delivered_at")));
    }

    @Test
    void twoUnavailableAnswersThenOkMakeThreeAttemptsSpacedByTheBackoff() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/flaky"), "\"retry_backoff_seconds\":1,\"max_retries\":3");
        receiver.thenReply(Reply.status(503), Reply.status(503), Reply.status(200));

        String eventId = publish(api, eventId());
        var event = awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);

        var requests = receiver.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.header("webhook-id").orElseThrow()).containsOnly(event.getString("_id"));
        // retry n waits at least retry_backoff_seconds * 2^(n-1)
        assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.between(requests.get(1).receivedAt(), requests.get(2).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(1950));
        assertThat(event.getInt("attempts_count")).isEqualTo(3);
        assertThat(event.getInt("last_status_code")).isEqualTo(200);
        var attempts = attempts(api, eventId).getJsonArray("attempts");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.stream().map(a -> a.asJsonObject().getInt("attempt_number"))).containsExactly(3, 2, 1);
        assertThat(attempts.getJsonObject(2).getInt("response_status_code")).isEqualTo(503);
        assertThat(attempts.getJsonObject(2).getBoolean("success")).isFalse();
    }

    @Test
    void whileARetryIsScheduledTheRecordIsRetryingWithItsNextTime() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/later"), "\"retry_backoff_seconds\":300");
        receiver.thenReply(Reply.status(500));

        publish(api, eventId());
        var event = awaitEvent(api, subscription.getString("id"), status("retrying"), WITHIN);

        assertThat(event.getInt("attempts_count")).isEqualTo(1);
        assertThat(event.getInt("last_status_code")).isEqualTo(500);
        assertThat(event.getString("last_error")).contains("500");
        // the booking's error is searchable, and a full page of one makes the total a count rather than the page's
        assertThat(api.get(Deliveries.EVENTS + "?size=1&search=answered%20HTTP%20500").json().getInt("total")).isEqualTo(1);
        assertThat(api.get(Deliveries.EVENTS + "?size=1&search=HTTP%20503").json().getInt("total")).isZero();
        assertThat(event.isNull("next_retry_at")).isFalse();
        assertThat(java.time.Instant.parse(event.getString("next_retry_at")))
                .isAfterOrEqualTo(java.time.Instant.parse(event.getString("last_attempt_at")).plusSeconds(300));
    }

    @Test
    void aBadRequestFailsTheRecordAtOnce() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/strict"), "\"retry_backoff_seconds\":1,\"max_retries\":5");
        receiver.thenReply(Reply.json(400, "{\"error\":\"unknown field\"}"));

        String eventId = publish(api, eventId());
        var event = awaitEvent(api, subscription.getString("id"), status("failed"), WITHIN);

        assertThat(receiver.requests()).hasSize(1);
        assertThat(event.getInt("attempts_count")).isEqualTo(1);
        assertThat(event.getInt("last_status_code")).isEqualTo(400);
        assertThat(event.isNull("next_retry_at")).isTrue();
        assertThat(attempts(api, eventId).getJsonArray("attempts").getJsonObject(0).getString("response_body"))
                .isEqualTo("{\"error\":\"unknown field\"}");
    }

    @Test
    void anAnswerWhoseBodyHoldsANulCharacterIsBookedOnceWithTheCharacterReplaced() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/nul"), "\"max_retries\":0");
        receiver.thenReply(Reply.json(200, "ok\u0000done"));

        String eventId = publish(api, eventId());
        awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);

        var attempts = attempts(api, eventId);
        assertThat(attempts.getInt("total")).isEqualTo(1);
        assertThat(attempts.getJsonArray("attempts").getJsonObject(0).getString("response_body")).isEqualTo("ok\uFFFDdone");
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsRetried() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/slow"), "\"timeout_seconds\":1,\"retry_backoff_seconds\":1");
        receiver.thenReply(Reply.status(200).after(Duration.ofSeconds(4)), Reply.status(200));

        String eventId = publish(api, eventId());
        var event = awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);

        assertThat(event.getInt("attempts_count")).isEqualTo(2);
        var first = attempts(api, eventId).getJsonArray("attempts").getJsonObject(1);
        assertThat(first.getBoolean("success")).isFalse();
        assertThat(first.isNull("response_status_code")).isTrue();
        assertThat(first.getString("error_message")).contains("no complete response within 1 s");
    }

    @Test
    void whileItsRequestIsOutTheRecordIsLeasedBeyondTheTimeoutAndTheClaimCountsAsAChangeOfIt() {
        EventRows.assumeDatabase();
        var api = editor();
        var subscription = subscribe(api, receiver.url("/held"), "\"timeout_seconds\":10");
        receiver.thenReply(Reply.status(200).after(Duration.ofSeconds(3)));

        publish(api, eventId());
        receiver.awaitRequests(1, WITHIN);
        Instant arrived = Instant.now();
        var inFlight = record(subscription.getString("id"));
        awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);
        var booked = record(subscription.getString("id"));

        assertThat(inFlight.get("lease_owner")).asString().isNotBlank();
        assertThat(((Timestamp) inFlight.get("lease_until")).toInstant()).isAfter(arrived.plusSeconds(10));
        // a booking that read the record before another node's claim must fail on its version
        assertThat(inFlight.get("version")).isEqualTo(1L);
        assertThat(booked.get("lease_owner")).isNull();
        assertThat(booked.get("lease_until")).isNull();
        assertThat(booked.get("version")).isEqualTo(2L);
    }

    @Test
    void theLedgerKeepsTheHeadersAsSentExceptTheBearerTokenAndTheSignatures() {
        EventRows.assumeDatabase();
        var api = editor();
        var subscription = subscribe(api, receiver.url("/ledger"), "\"bearer_token\":\"s3cr3t-token\"");
        receiver.thenReply(Reply.status(200));

        String eventId = publish(api, eventId());
        var event = awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);
        String stored = (String) EventRows.query("select request_headers::text as headers from delivery_attempts where event_id = ?",
                eventId).get(0).get("headers");

        var headers = jsonOf(stored);
        assertThat(headers.getJsonArray("Content-Type").getString(0)).isEqualTo("application/json");
        assertThat(headers.getJsonArray("webhook-id").getString(0)).isEqualTo(event.getString("_id"));
        assertThat(headers.getJsonArray("webhook-timestamp").getString(0)).matches("\\d+");
        assertThat(headers.getJsonArray("Authorization").getString(0)).isEqualTo("(hidden)");
        assertThat(headers.getJsonArray("webhook-signature").getString(0)).isEqualTo("(hidden)");
        assertThat(headers.getJsonArray("X-Interactly-Signature").getString(0)).isEqualTo("(hidden)");
        assertThat(stored).doesNotContain("s3cr3t-token").doesNotContain(subscription.getString("secret"));
    }

    @Test
    void aBookingWhoseRecordChangedAfterItWasReadIsBookedAgainWithoutUndoingTheChange() throws Exception {
        EventRows.assumeDatabase();
        var api = editor();
        var subscription = subscribe(api, receiver.url("/raced"), "");
        String subscriptionId = subscription.getString("id");
        receiver.thenReply(Reply.status(200).after(Duration.ofSeconds(2)));

        String eventId = publish(api, eventId());
        receiver.awaitRequests(1, WITHIN);
        try (var other = EventRows.connect()) {
            other.setAutoCommit(false);
            try (var lock = other.prepareStatement("select id from event_records where subscription_id = ? for update")) {
                lock.setString(1, subscriptionId);
                lock.executeQuery().close();
            }
            // the booking reads the record without a lock and then waits here to write it
            await("the booking waiting for the row").atMost(WITHIN).until(() -> (Long) EventRows.query("""
                    select count(*) as n from pg_stat_activity
                    where wait_event_type = 'Lock' and query ilike 'update event_records%'""").get(0).get("n") > 0);
            try (var change = other.prepareStatement(
                    "update event_records set updated_by = 'another writer', version = version + 1 where subscription_id = ?")) {
                change.setString(1, subscriptionId);
                assertThat(change.executeUpdate()).isEqualTo(1);
            }
            other.commit();
        }
        var event = awaitEvent(api, subscriptionId, status("delivered"), WITHIN);

        var row = EventRows.query("select updated_by, version from event_records where subscription_id = ?", subscriptionId).get(0);
        assertThat(row.get("updated_by")).isEqualTo("another writer");
        assertThat(row.get("version")).isEqualTo(3L);
        assertThat(event.getInt("attempts_count")).isEqualTo(1);
        assertThat(attempts(api, eventId).getJsonArray("attempts")).hasSize(1);
        assertThat(receiver.requests()).hasSize(1);
    }

    private static Map<String, Object> record(String subscriptionId) {
        return EventRows.query("select lease_owner, lease_until, version from event_records where subscription_id = ?",
                subscriptionId).get(0);
    }

    @Test
    void aRefusedConnectionIsRetriedUntilRetriesAreExhaustedThenTheRecordFails() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var api = editor();
        var subscription = subscribe(api, "http://127.0.0.1:" + closedPort + "/gone", "\"retry_backoff_seconds\":1,\"max_retries\":2");

        String eventId = publish(api, eventId());
        var event = awaitEvent(api, subscription.getString("id"), status("failed"), WITHIN);

        assertThat(event.getInt("attempts_count")).isEqualTo(3); // max_retries + 1
        assertThat(event.isNull("last_status_code")).isTrue();
        assertThat(event.getString("last_error")).startsWith("connection failed");
        var attempts = attempts(api, eventId);
        assertThat(attempts.getInt("total")).isEqualTo(3);
        assertThat(attempts.getJsonArray("attempts").stream().map(a -> a.asJsonObject().getString("error_message")))
                .allSatisfy(message -> assertThat(message).startsWith("connection failed"));
    }

    @Test
    void tooManyRequestsWithRetryAfterWaitsAsLongAsTheReceiverAsked() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/busy"), "\"retry_backoff_seconds\":1");
        receiver.thenReply(Reply.status(429).withHeader("Retry-After", "3"), Reply.status(204));

        publish(api, eventId());
        var event = awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);

        var requests = receiver.requests();
        assertThat(requests).hasSize(2);
        assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(2950));
        assertThat(event.getInt("last_status_code")).isEqualTo(204);
    }

    @Test
    void anAbsurdRetryAfterIsBookedAsA429RetryAtTheCapAndAnotherTeamsWebhookStillGoesOut() {
        var poisoned = editor();
        var slow = subscribe(poisoned, receiver.url("/absurd"), "\"retry_backoff_seconds\":1");
        receiver.byDefault(request -> request.path().equals("/absurd")
                ? Reply.status(429).withHeader("Retry-After", "9300000000000000") : Reply.status(204));
        String poisonedEvent = publish(poisoned, eventId());

        var retrying = awaitEvent(poisoned, slow.getString("id"), status("retrying"), WITHIN);
        assertThat(retrying.getInt("attempts_count")).isEqualTo(1);
        assertThat(retrying.getInt("last_status_code")).isEqualTo(429);
        // the receiver's wait is honoured up to the 30-minute cap, never beyond and never as an overflow
        Instant at = Instant.parse(retrying.getString("last_attempt_at"));
        assertThat(Duration.between(at, Instant.parse(retrying.getString("next_retry_at"))))
                .isBetween(Duration.ofMinutes(30).minusSeconds(1), Duration.ofMinutes(30));
        var attempts = attempts(poisoned, poisonedEvent);
        assertThat(attempts.getInt("total")).isEqualTo(1);
        assertThat(attempts.getJsonArray("attempts").getJsonObject(0).getInt("response_status_code")).isEqualTo(429);

        var other = editor();
        var healthy = subscribe(other, receiver.url("/healthy"), "");
        publish(other, eventId());
        assertThat(awaitEvent(other, healthy.getString("id"), status("delivered"), WITHIN).getInt("attempts_count")).isEqualTo(1);
    }

    @Test
    void aDisabledSubscriptionsRecordsWaitUnattemptedUntilItIsEnabledAgain() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/paused"), "\"retry_backoff_seconds\":2");
        String id = subscription.getString("id");
        receiver.thenReply(Reply.status(503));
        publish(api, eventId());
        var retrying = awaitEvent(api, id, status("retrying"), WITHIN);
        assertThat(api.patch(Deliveries.SUBSCRIPTIONS + "/" + id, "{\"enabled\":false}").status()).isEqualTo(200);
        EngineTicks.awaitAfter(api, Instant.parse(retrying.getString("next_retry_at")));
        assertThat(receiver.requests()).hasSize(1);
        assertThat(awaitEvent(api, id, e -> true, WITHIN).getString("status")).isEqualTo("retrying");

        assertThat(api.patch(Deliveries.SUBSCRIPTIONS + "/" + id, "{\"enabled\":true}").status()).isEqualTo(200);
        var event = awaitEvent(api, id, status("delivered"), WITHIN);
        assertThat(event.getInt("attempts_count")).isEqualTo(2);
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void deletingASubscriptionFailsItsWaitingRecordsAndNothingMoreIsSent() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/removed"), "\"retry_backoff_seconds\":2");
        String id = subscription.getString("id");
        receiver.thenReply(Reply.status(503));
        String eventId = publish(api, eventId());
        var retrying = awaitEvent(api, id, status("retrying"), WITHIN);
        assertThat(api.delete(Deliveries.SUBSCRIPTIONS + "/" + id).status()).isEqualTo(204);
        var event = awaitEvent(api, id, status("failed"), WITHIN);
        EngineTicks.awaitAfter(api, Instant.parse(retrying.getString("next_retry_at")));

        assertThat(event.getString("last_error")).contains("subscription was deleted");
        assertThat(receiver.requests()).hasSize(1);
        assertThat(attempts(api, eventId).getInt("total")).isEqualTo(1);
    }

    @Test
    void aManualRetryDeliversAFailedRecordAgain() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/fixed-later"), "");
        String id = subscription.getString("id");
        receiver.thenReply(Reply.status(410));
        publish(api, eventId());
        var failed = awaitEvent(api, id, status("failed"), WITHIN);

        var retried = api.post(Deliveries.EVENTS + "/" + failed.getString("_id") + "/retry", null);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        var event = awaitEvent(api, id, status("delivered"), WITHIN);

        assertThat(event.getInt("attempts_count")).isEqualTo(2);
        assertThat(receiver.requests()).hasSize(2);
        assertThat(receiver.requests().get(1).header("webhook-id")).contains(failed.getString("_id"));
    }

    @Test
    void duringASecretRotationBothSecretsSignAndTheInteractlySignatureUsesTheNewOne() throws Exception {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/rotating"), "");
        String id = subscription.getString("id");
        String oldSecret = subscription.getString("secret");
        publish(api, eventId());
        var before = receiver.awaitRequests(1, WITHIN).get(0);
        var rotated = api.post(Deliveries.SUBSCRIPTIONS + "/" + id + "/secret/rotate", null);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newSecret = api.get(Deliveries.SUBSCRIPTIONS + "/" + id + "/secret").json().getString("secret");
        assertThat(newSecret).isNotEqualTo(oldSecret);

        publish(api, eventId());
        var request = receiver.awaitRequests(2, WITHIN).get(1);

        assertThat(before.header("webhook-signature").orElseThrow().split(" ")).hasSize(1);
        assertThat(before.header("X-Interactly-Signature")).contains(hexHmac(oldSecret, before.body()));
        assertThat(request.header("webhook-signature").orElseThrow().split(" ")).hasSize(2);
        new Webhook(newSecret).verify(request.bodyText(), headersOf(request));
        new Webhook(oldSecret).verify(request.bodyText(), headersOf(request));
        assertThat(request.header("X-Interactly-Signature")).contains(hexHmac(newSecret, request.body()));
    }

    @Test
    void aChangedUrlAndBearerTokenCountFromTheNextDelivery() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/first"), "\"bearer_token\":\"first-token\"");
        String id = subscription.getString("id");
        publish(api, eventId());
        receiver.awaitRequests(1, WITHIN);

        var changed = api.patch(Deliveries.SUBSCRIPTIONS + "/" + id,
                "{\"url\":\"" + receiver.url("/second") + "\",\"bearer_token\":\"second-token\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        publish(api, eventId());
        var requests = receiver.awaitRequests(2, WITHIN);

        assertThat(requests.get(0).path()).isEqualTo("/first");
        assertThat(requests.get(0).header("Authorization")).contains("Bearer first-token");
        assertThat(requests.get(1).path()).isEqualTo("/second");
        assertThat(requests.get(1).header("Authorization")).contains("Bearer second-token");
    }

    @Test
    void theEngineReportsLivenessAndMetrics() {
        var api = editor();
        var subscription = subscribe(api, receiver.url("/metered"), "");
        publish(api, eventId());
        awaitEvent(api, subscription.getString("id"), status("delivered"), WITHIN);

        var live = new Api(ServerProcess.healthBase(base)).get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).contains("delivery-engine").contains("UP");
        String metrics = metricsText();
        assertThat(metrics).containsPattern("hookflow_delivery_attempts_total\\{[^}]*outcome=\"delivered\"[^}]*} [1-9]");
        assertThat(metrics).contains("hookflow_delivery_attempt_latency_seconds");
        assertThat(metrics).contains("hookflow_delivery_queue_depth");
        assertThat(metrics).contains("hookflow_delivery_due_lag_seconds");
        assertThat(metrics).contains("hookflow_delivery_in_flight");
    }

    private String metricsText() {
        var reply = new Api(base).withHeader("Accept", "text/plain").get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    private static JsonObject jsonOf(String text) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(text))) {
            return reader.readObject();
        }
    }

    private static HttpHeaders headersOf(LoopbackReceiver.Request request) {
        return HttpHeaders.of(request.headers(), (name, value) -> true);
    }

    /** An HMAC computed here, independently of the server's code. */
    private static String hexHmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
