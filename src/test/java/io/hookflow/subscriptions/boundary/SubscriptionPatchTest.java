package io.hookflow.subscriptions.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.FieldError;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.junit.jupiter.api.Test;

class SubscriptionPatchTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void absentAndNullFieldsStayUnchanged() {
        var changes = SubscriptionPatch.read(json("{\"name\":null,\"unknown\":true}"));

        assertThat(changes.name()).isEmpty();
        assertThat(changes.actions()).isEmpty();
        assertThat(changes.bearerToken()).isEmpty();
        assertThat(changes.clearBearerToken()).isFalse();
    }

    @Test
    void presentFieldsAreRead() {
        var changes = SubscriptionPatch.read(json("""
                {"name":"n","url":"https://e.org/x","actions":["workflow_deleted","workflow_created"],"enabled":false,
                 "timeout_seconds":60,"max_retries":0,"retry_backoff_seconds":1,"clear_bearer_token":true}"""));

        assertThat(changes.name()).contains("n");
        assertThat(changes.actions()).contains(List.of(WorkflowAction.WORKFLOW_DELETED, WorkflowAction.WORKFLOW_CREATED));
        assertThat(changes.enabled()).contains(false);
        assertThat(changes.timeoutSeconds()).contains(60);
        assertThat(changes.maxRetries()).contains(0);
        assertThat(changes.retryBackoffSeconds()).contains(1);
        assertThat(changes.clearBearerToken()).isTrue();
    }

    @Test
    void everyBrokenRuleIsReportedAtOnceAtItsLocation() {
        assertThatThrownBy(() -> SubscriptionPatch.read(json("""
                {"name":"","timeout_seconds":"10","actions":["workflow_created",7],"enabled":1}""")))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.fieldErrors()).extracting(FieldError::loc)
                        .containsExactlyInAnyOrder(List.of("body", "name"), List.of("body", "timeout_seconds"),
                                List.of("body", "actions", 1), List.of("body", "enabled")));
    }

    @Test
    void errorsNeverEchoTheBearerToken() {
        String token = "x".repeat(2001);
        assertThatThrownBy(() -> SubscriptionPatch.read(json("{\"bearer_token\":\"" + token + "\"}")))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.getMessage() + e.fieldErrors()).doesNotContain(token));
    }
}
