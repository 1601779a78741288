package io.hookflow.delivery.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeliveryAttemptTest {

    private static final Instant AT = Instant.parse("2026-12-06T07:00:00Z");

    private static DeliveryAttempt attemptWith(Map<String, List<String>> headers) {
        return new DeliveryAttempt("webhook", "rec-1", 1, true,
                new DeliveryAttempt.Exchange("POST", "http://127.0.0.1/in", headers, 200, "{}", null, 12, AT));
    }

    @Test
    void keepsEveryHeaderWithAllItsValuesInOrder() {
        var headers = Map.of(
                "Content-Type", List.of("application/json"),
                "X-Many", List.of("first", "second", "third"),
                "X-Quoted", List.of("say \"hi\"\\n", "ünïcode ✓"));

        assertThat(attemptWith(headers).requestHeaders()).isEqualTo(headers);
    }

    @Test
    void aRequestWithoutHeadersKeepsNone() {
        assertThat(attemptWith(Map.of()).requestHeaders()).isEmpty();
        assertThat(attemptWith(null).requestHeaders()).isEmpty();
    }
}
