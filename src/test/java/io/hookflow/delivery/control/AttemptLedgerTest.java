package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AttemptLedgerTest {

    @Test
    void headersThatAuthenticateOrSignAreKeptWithoutTheirValues() {
        var kept = AttemptLedger.withoutSecrets(Map.of(
                "Authorization", List.of("Bearer s3cr3t"),
                "webhook-signature", List.of("v1,abc", "v1,def"),
                "X-Interactly-Signature", List.of("00ff"),
                "X-Api-Key", List.of("k"),
                "Cookie", List.of("session=1")));

        assertThat(kept).containsOnlyKeys("Authorization", "webhook-signature", "X-Interactly-Signature", "X-Api-Key", "Cookie");
        assertThat(kept.values()).allSatisfy(values -> assertThat(values).containsExactly(AttemptLedger.HIDDEN));
    }

    @Test
    void otherHeadersKeepTheirValues() {
        var headers = Map.of("Content-Type", List.of("application/json"), "webhook-id", List.of("rec-1"),
                "webhook-timestamp", List.of("1764979200"));

        assertThat(AttemptLedger.withoutSecrets(headers)).isEqualTo(headers);
    }
}
