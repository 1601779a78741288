package io.hookflow.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.hookflow.delivery.control.DeliveryOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookRetryRuleTest {

    private static DeliveryOutcome status(int code) {
        return DeliveryOutcome.answered(code, Map.of(), new byte[0], false, 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void any2xxSucceeds(int code) {
        assertThat(WebhookRetryRule.classify(status(code))).isEqualTo(Verdict.SUCCESS);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 425, 429, 500, 502, 503, 504})
    void theContractsTransientStatusesAreRetried(int code) {
        assertThat(WebhookRetryRule.classify(status(code))).isEqualTo(Verdict.RETRY);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 301, 302, 307, 400, 401, 403, 404, 410, 422, 501, 505, 599})
    void everyOtherStatusFailsAtOnce(int code) {
        assertThat(WebhookRetryRule.classify(status(code))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void timeoutsAndNetworkErrorsAreRetriedARefusedTargetIsNot() {
        assertThat(WebhookRetryRule.classify(DeliveryOutcome.failed(DeliveryOutcome.Failure.TIMEOUT, "t", 1))).isEqualTo(Verdict.RETRY);
        assertThat(WebhookRetryRule.classify(DeliveryOutcome.failed(DeliveryOutcome.Failure.NETWORK, "n", 1))).isEqualTo(Verdict.RETRY);
        assertThat(WebhookRetryRule.classify(DeliveryOutcome.failed(DeliveryOutcome.Failure.REFUSED_TARGET, "r", 0))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void retryAfterCountsOnlyOn429And503() {
        var headers = Map.of("Retry-After", List.of("5"));
        assertThat(WebhookRetryRule.honoursRetryAfter(DeliveryOutcome.answered(429, headers, null, false, 1))).isTrue();
        assertThat(WebhookRetryRule.honoursRetryAfter(DeliveryOutcome.answered(503, headers, null, false, 1))).isTrue();
        assertThat(WebhookRetryRule.honoursRetryAfter(DeliveryOutcome.answered(500, headers, null, false, 1))).isFalse();
    }

    @Test
    void anAnswerThatIsNot2xxCarriesAnErrorSayingSo() {
        assertThat(status(503).error()).isEqualTo("receiver answered HTTP 503");
        assertThat(status(200).error()).isNull();
    }
}
