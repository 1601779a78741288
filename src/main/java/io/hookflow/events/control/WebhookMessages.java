package io.hookflow.events.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hookflow.delivery.control.DeliveryRequest;
import io.hookflow.events.entity.EventRecord;
import io.hookflow.platform.control.JsonTexts;

/**
 * Turns an event record and its subscription (as a {@link DeliveryTarget}) into the signed POST the contract
 * describes. The body is the same on every retry; the signature timestamp is the attempt's.
 */
final class WebhookMessages {

    private static final List<String> JSON = List.of("application/json");

    private WebhookMessages() {
    }

    static DeliveryRequest request(EventRecord event, DeliveryTarget target, Instant now) {
        target.usable();
        byte[] body = body(event);
        var headers = new LinkedHashMap<String, List<String>>();
        headers.put("Content-Type", JSON);
        target.authorization().ifPresent(value -> headers.put("Authorization", List.of(value)));
        Signatures.headers(event.id(), now.getEpochSecond(), body, target.keys(now))
                .forEach((name, value) -> headers.put(name, List.of(value)));
        return DeliveryRequest.jsonPost(target.url(), headers, body, target.timeout());
    }

    static byte[] body(EventRecord event) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("event_id", event.eventId());
        body.put("type", event.action().wireName());
        body.put("action", event.action().wireName());
        body.put("team_id", event.teamId());
        body.put("workflow_id", event.workflowId());
        body.put("workflow_name", event.workflowName());
        body.put("workflow_run_id", event.workflowRunId());
        body.put("workflow_run_status", event.workflowRunStatus());
        body.put("timestamp", event.createdAt().toString());
        String head = JsonTexts.flatObject(body);
        // the stored payload is a JSON object's text: appended as the last member as it is, not parsed and written again
        return (head.substring(0, head.length() - 1) + ",\"payload\":" + event.payloadJson() + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
