package io.hookflow.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.hookflow.platform.control.FieldError;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    private static final List<FieldError> SIZE_TOO_BIG = List.of(FieldError.query("size", "must be at most 1000", "less_than_equal"));

    @Test
    void theWorkflowSurfaceListsFieldErrorsUnderDetail() {
        var body = ErrorResponses.body("/workflows/v1/workflow-webhooks/events", 422, "size: too big", SIZE_TOO_BIG);
        assertThat(body).isEqualTo(Map.of("detail", SIZE_TOO_BIG));
    }

    @Test
    void theWorkflowSurfaceGivesOtherErrorsAsADetailString() {
        assertThat(ErrorResponses.body("workflows/v1/workflow-webhooks/x", 404, "not found", List.of()))
                .isEqualTo(Map.of("detail", "not found"));
    }

    @Test
    void theFlowsSurfaceWrapsEveryErrorInTheEnvelope() {
        @SuppressWarnings("unchecked")
        var body = (Map<String, Object>) ErrorResponses.body("/v1/webhooks", 422, "size: too big", SIZE_TOO_BIG);

        assertThat(body).containsEntry("status", "error").containsEntry("message", "size: too big").containsKey("data");
        assertThat(body.get("data")).isNull();
    }

    @Test
    void fieldErrorsOnTheWorkflowSurfaceAreAlways422LikeFastApi() {
        assertThat(ErrorResponses.statusFor("/workflows/v1/workflow-webhooks", 400, SIZE_TOO_BIG)).isEqualTo(422);
        assertThat(ErrorResponses.statusFor("/v1/webhooks", 400, SIZE_TOO_BIG)).isEqualTo(400);
    }

    @Test
    void aFieldIsNamedTheWayAPersonReadsIt() {
        var nested = new FieldError(List.of("body", "steps", 1, "webhook_url"), "must be absolute", "value_error");
        assertThat(nested.field()).isEqualTo("steps[1].webhook_url");
        assertThat(FieldError.query("page", "x", "y").field()).isEqualTo("page");
    }
}
