package io.hookflow.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import io.hookflow.testing.Api;

/** Publishing and watching deliveries through the workflow-webhooks API, as a client does. */
final class Deliveries {

    static final String SUBSCRIPTIONS = "/workflows/v1/workflow-webhooks";
    static final String EVENTS = SUBSCRIPTIONS + "/events";
    static final String WORKFLOW = "64b7f0c2a1b2c3d4e5f60718";

    private Deliveries() {
    }

    /** Creates a subscription for {@code workflow_created}; {@code settings} are more JSON members, or empty. */
    static JsonObject subscribe(Api api, String url, String settings) {
        var reply = api.post(SUBSCRIPTIONS, "{\"name\":\"hook\",\"url\":\"" + url + "\",\"actions\":[\"workflow_created\"]"
                + (settings.isBlank() ? "" : "," + settings) + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    /** Publishes one event and answers its event_id. */
    static String publish(Api api, String eventId) {
        var reply = api.post(EVENTS, """
                {"action":"workflow_created","workflow_id":"%s","workflow_name":"Onboarding","workflow_run_id":"run-1",
                 "workflow_run_status":"completed","payload":{"customer":{"id":42,"tags":["a","b"]},"note":"ünïcode"},
                 "event_id":"%s"}""".formatted(WORKFLOW, eventId));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().getString("event_id");
    }

    /** The subscription's newest event record, once it satisfies {@code until}. */
    static JsonObject awaitEvent(Api api, String subscriptionId, Predicate<JsonObject> until, Duration within) {
        return await("the subscription's newest event").atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> newestEvent(api, subscriptionId), event -> event != null && until.test(event));
    }

    private static JsonObject newestEvent(Api api, String subscriptionId) {
        var reply = api.get(EVENTS + "?subscription_id=" + subscriptionId);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        var events = reply.json().getJsonArray("events");
        return events.isEmpty() ? null : events.getJsonObject(0);
    }

    static Predicate<JsonObject> status(String status) {
        return event -> status.equals(event.getString("status"));
    }

    static JsonObject attempts(Api api, String eventId) {
        var reply = api.get(EVENTS + "/" + eventId + "/attempts");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }
}
