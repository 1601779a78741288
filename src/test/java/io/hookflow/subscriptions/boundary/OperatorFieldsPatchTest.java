package io.hookflow.subscriptions.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.Invalid;
import io.hookflow.subscriptions.control.SubscriptionChanges;
import io.hookflow.subscriptions.entity.Subscription;
import io.hookflow.subscriptions.entity.WorkflowAction;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class OperatorFieldsPatchTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
    private static final Subscription.Settings LIMITED = new Subscription.Settings("orders", "https://e.org/in",
            List.of(WorkflowAction.WORKFLOW_CREATED), true, 20, 5, 30, 50, false);

    private static SubscriptionChanges patch(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return SubscriptionPatch.of(reader.readObject()).changesTo(LIMITED, VALIDATOR);
        }
    }

    @Test
    void rateLimitAndOrderedAreRead() {
        var changes = patch("{\"rate_limit_per_second\":10000,\"ordered\":true}");

        assertThat(changes.rateLimitPerSecond()).contains(10000);
        assertThat(changes.clearRateLimit()).isFalse();
        assertThat(changes.ordered()).contains(true);
    }

    @Test
    void anExplicitNullRemovesTheRateLimitWhileAbsenceKeepsIt() {
        assertThat(patch("{\"rate_limit_per_second\":null}").clearRateLimit()).isTrue();
        assertThat(patch("{}").clearRateLimit()).isFalse();
        assertThat(patch("{}").rateLimitPerSecond()).isEmpty();
    }

    @Test
    void aRateLimitOutsideOneToTenThousandIsRefusedAtItsField() {
        for (String bad : List.of("0", "10001", "\"5\"", "1.5")) {
            assertThatThrownBy(() -> patch("{\"rate_limit_per_second\":" + bad + ",\"ordered\":\"yes\"}"))
                    .as(bad)
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.fieldErrors()).extracting(FieldError::loc)
                            .containsExactlyInAnyOrder(List.of("body", "rate_limit_per_second"), List.of("body", "ordered")));
        }
    }
}
