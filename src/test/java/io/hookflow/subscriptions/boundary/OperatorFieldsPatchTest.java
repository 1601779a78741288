package io.hookflow.subscriptions.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import io.hookflow.platform.control.ApiException;
import io.hookflow.platform.control.FieldError;
import org.junit.jupiter.api.Test;

class OperatorFieldsPatchTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void rateLimitAndOrderedAreRead() {
        var changes = SubscriptionPatch.read(json("{\"rate_limit_per_second\":10000,\"ordered\":true}"));

        assertThat(changes.rateLimitPerSecond()).contains(10000);
        assertThat(changes.clearRateLimit()).isFalse();
        assertThat(changes.ordered()).contains(true);
    }

    @Test
    void anExplicitNullRemovesTheRateLimitWhileAbsenceKeepsIt() {
        assertThat(SubscriptionPatch.read(json("{\"rate_limit_per_second\":null}")).clearRateLimit()).isTrue();
        assertThat(SubscriptionPatch.read(json("{}")).clearRateLimit()).isFalse();
    }

    @Test
    void aRateLimitOutsideOneToTenThousandIsRefusedAtItsField() {
        for (String bad : List.of("0", "10001", "\"5\"", "1.5")) {
            assertThatThrownBy(() -> SubscriptionPatch.read(json("{\"rate_limit_per_second\":" + bad + ",\"ordered\":\"yes\"}")))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.fieldErrors()).extracting(FieldError::loc)
                            .containsExactlyInAnyOrder(List.of("body", "rate_limit_per_second"), List.of("body", "ordered")));
        }
    }
}
