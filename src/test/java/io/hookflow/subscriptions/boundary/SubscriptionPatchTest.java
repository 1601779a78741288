package io.hookflow.subscriptions.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.FieldError;
import io.hookflow.subscriptions.control.SubscriptionChanges;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class SubscriptionPatchTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
    private static final Subscription.Settings CURRENT = new Subscription.Settings("orders", "https://e.org/in",
            List.of(WorkflowAction.WORKFLOW_CREATED), true, 20, 5, 30, null, false);

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static SubscriptionChanges patch(String text) {
        return SubscriptionPatch.of(json(text)).changesTo(CURRENT, VALIDATOR);
    }

    @Test
    void absentAndNullFieldsStayUnchanged() {
        var changes = patch("{\"name\":null,\"unknown\":true}");

        assertThat(changes.name()).isEmpty();
        assertThat(changes.actions()).isEmpty();
        assertThat(changes.bearerToken()).isEmpty();
        assertThat(changes.clearBearerToken()).isFalse();
    }

    @Test
    void presentFieldsAreRead() {
        var changes = patch("""
                {"name":"n","url":"https://e.org/x","actions":["workflow_deleted","workflow_created"],"enabled":false,
                 "timeout_seconds":60,"max_retries":0,"retry_backoff_seconds":1,"clear_bearer_token":true}""");

        assertThat(changes.name()).contains("n");
        assertThat(changes.actions()).contains(List.of(WorkflowAction.WORKFLOW_DELETED, WorkflowAction.WORKFLOW_CREATED));
        assertThat(changes.enabled()).contains(false);
        assertThat(changes.timeoutSeconds()).contains(60);
        assertThat(changes.maxRetries()).contains(0);
        assertThat(changes.retryBackoffSeconds()).contains(1);
        assertThat(changes.clearBearerToken()).isTrue();
    }

    @Test
    void theRulesAreCreatesConstraints() {
        assertThatThrownBy(() -> patch("{\"timeout_seconds\":61,\"name\":\"\"}"))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.fieldErrors()).extracting(FieldError::loc)
                        .containsExactlyInAnyOrder(List.of("body", "timeout_seconds"), List.of("body", "name")));
        assertThatThrownBy(() -> patch("{\"actions\":[\"workflow_created\",\"workflow_exploded\"]}"))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.fieldErrors()).extracting(FieldError::loc)
                        .containsExactly(List.of("body", "actions", 1)));
    }

    @Test
    void everyWrongTypeIsReportedAtOnceAtItsLocation() {
        assertThatThrownBy(() -> patch("""
                {"name":5,"timeout_seconds":"10","actions":["workflow_created",7],"enabled":1}"""))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.fieldErrors()).extracting(FieldError::loc)
                        .containsExactlyInAnyOrder(List.of("body", "name"), List.of("body", "timeout_seconds"),
                                List.of("body", "actions", 1), List.of("body", "enabled")));
    }

    @Test
    void errorsNeverEchoTheBearerToken() {
        for (String token : List.of("x".repeat(2001), "s3cr3t\\n")) {
            assertThatThrownBy(() -> patch("{\"bearer_token\":\"" + token + "\"}"))
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.getMessage() + e.fieldErrors())
                            .contains("bearer_token").doesNotContain(token).doesNotContain("s3cr3t"));
        }
    }
}
