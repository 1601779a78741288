package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.junit.jupiter.api.Test;

class WebhookMessagesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T04:00:00Z");

    private static JsonObject bodyOf(EventRecord record) {
        try (var reader = Json.createReader(new StringReader(new String(WebhookMessages.body(record), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    private static List<EventRecord> records(Map<String, Object> payload, String... subscriptions) {
        var publication = new EventRecord.Publication("evt-1", WorkflowAction.WORKFLOW_RUN_COMPLETED, "64b7f0c2a1b2c3d4e5f60718",
                "Billing \"Sync\"", null, "completed", payload, null);
        return EventRecord.of(publication, List.of(subscriptions), "team-1", "alice", NOW);
    }

    @Test
    void theBodyCarriesThePublishedPayloadWithNestingQuotesAndUnicodeIntact() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("customer", Map.of("id", 42, "tags", List.of("a", "b\"c")));
        payload.put("note", "ünïcode } ,\"payload\":");
        payload.put("empty", Map.of());
        payload.put("nothing", null);

        var body = bodyOf(records(payload, "5eb7cf5a86d9755df3a6c593").get(0));

        assertThat(body.getString("event_id")).isEqualTo("evt-1");
        assertThat(body.getString("action")).isEqualTo("workflow_run_completed");
        assertThat(body.getString("workflow_name")).isEqualTo("Billing \"Sync\"");
        assertThat(body.isNull("workflow_run_id")).isTrue();
        assertThat(body.getString("timestamp")).isEqualTo("2026-12-06T04:00:00Z");
        var delivered = body.getJsonObject("payload");
        assertThat(delivered.getJsonObject("customer").getInt("id")).isEqualTo(42);
        assertThat(delivered.getJsonObject("customer").getJsonArray("tags").getString(1)).isEqualTo("b\"c");
        assertThat(delivered.getString("note")).isEqualTo("ünïcode } ,\"payload\":");
        assertThat(delivered.getJsonObject("empty")).isEmpty();
        assertThat(delivered.isNull("nothing")).isTrue();
        assertThat(body.keySet()).containsExactly("event_id", "type", "action", "team_id", "workflow_id", "workflow_name",
                "workflow_run_id", "workflow_run_status", "timestamp", "payload");
    }

    @Test
    void noPayloadIsDeliveredAsAnEmptyObject() {
        assertThat(bodyOf(records(null, "5eb7cf5a86d9755df3a6c593").get(0)).getJsonObject("payload")).isEmpty();
    }

    @Test
    void everyRecordOfAFanOutDeliversTheSamePayload() {
        var records = records(Map.of("n", 1), "5eb7cf5a86d9755df3a6c593", "5eb7cf5a86d9755df3a6c594");

        assertThat(records).extracting(EventRecord::subscriptionId)
                .containsExactly("5eb7cf5a86d9755df3a6c593", "5eb7cf5a86d9755df3a6c594");
        assertThat(records).extracting(record -> bodyOf(record).getJsonObject("payload").getInt("n")).containsExactly(1, 1);
    }
}
