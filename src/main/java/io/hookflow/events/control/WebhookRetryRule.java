package io.hookflow.events.control;

import java.util.Set;

import io.hookflow.delivery.control.DeliveryOutcome;

/**
 * The contract's rule for workflow-webhook deliveries: any 2xx succeeds; a network error, a timeout or
 * 408, 409, 425, 429, 500, 502, 503, 504 is retried; anything else (a refused target too) fails at once.
 */
public final class WebhookRetryRule {

    static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 409, 425, 429, 500, 502, 503, 504);

    private WebhookRetryRule() {
    }

    public static Verdict classify(DeliveryOutcome outcome) {
        if (outcome.answered()) {
            if (outcome.is2xx()) {
                return Verdict.SUCCESS;
            }
            return RETRYABLE_STATUSES.contains(outcome.statusCode()) ? Verdict.RETRY : Verdict.FAIL;
        }
        return switch (outcome.failure()) {
            case TIMEOUT, NETWORK -> Verdict.RETRY;
            case REFUSED_TARGET, NONE -> Verdict.FAIL;
        };
    }

    public static boolean honoursRetryAfter(DeliveryOutcome outcome) {
        return outcome.answered() && DeliveryOutcome.RETRY_AFTER_STATUSES.contains(outcome.statusCode());
    }
}
