package io.hookflow.flows.control;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookflow.delivery.control.Backlog;
import io.hookflow.delivery.control.Booked;
import io.hookflow.delivery.control.Claim;
import io.hookflow.delivery.control.ClaimRequest;
import io.hookflow.delivery.control.DeliveryOutcome;
import io.hookflow.delivery.control.WorkSource;

/**
 * Flow step tries as the engine's work: due step runs are claimed and their tries booked by {@link StepRuns}; this
 * turns the sender's outcomes into step tries and judges each answer (success condition, response variables) as it
 * comes in, one at a time on the engine's executor, so a slow evaluation never holds up a booking.
 */
@ApplicationScoped
public class FlowStepWork implements WorkSource<ClaimedStep, FinishedStep> {

    public static final String KIND = "flow_step";

    @Inject
    StepRuns stepRuns;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Claim<ClaimedStep> claim(ClaimRequest request) {
        return stepRuns.claim(request);
    }

    @Override
    public FinishedStep interpret(ClaimedStep claimed, DeliveryOutcome outcome, Instant at) {
        StepTry attempt = attempt(claimed, outcome);
        if (attempt == null) {
            return new FinishedStep(claimed, null, null, null, at);
        }
        var evaluation = ExecutionAdvancer.evaluate(claimed.step(), claimed.variables(), attempt)
                .askingToWait(outcome == null ? java.util.Optional.empty() : outcome.askedToWait(at));
        return new FinishedStep(claimed, attempt, evaluation, outcome, at);
    }

    @Override
    public FinishedStep failed(ClaimedStep claimed, DeliveryOutcome outcome, String reason, Instant at) {
        String method = claimed.step().webhookMethod().wireName();
        String url = claimed.request() == null ? claimed.step().webhookUrl() : claimed.request().url().toString();
        // not tried again: whatever made it fail would make the next try fail the same way
        StepTry attempt = StepTry.notSent(method, url, "step " + claimed.stepNumber() + " could not be processed: " + reason);
        return new FinishedStep(claimed, attempt, ExecutionAdvancer.Evaluation.failure(attempt.error()), outcome, at);
    }

    /** What the try came to for the flow logic; null when it was never made (the lease is given back). */
    static StepTry attempt(ClaimedStep claimed, DeliveryOutcome outcome) {
        if (!claimed.sendable()) {
            return claimed.notSent();
        }
        if (outcome == null) {
            return null;
        }
        String method = claimed.request().method();
        String url = claimed.request().url().toString();
        if (outcome.answered()) {
            return StepTry.answered(method, url, new StepResponse(outcome.statusCode(), outcome.headers(), outcome.bodyText()),
                    outcome.latencyMs());
        }
        return switch (outcome.failure()) {
            case REFUSED_TARGET -> StepTry.notSent(method, url, outcome.error());
            default -> StepTry.noAnswer(method, url, outcome.error(), outcome.latencyMs());
        };
    }

    @Override
    public List<Booked> book(String owner, List<FinishedStep> finished) {
        return stepRuns.book(owner, finished);
    }

    @Override
    public int releaseAll(String owner) {
        return stepRuns.releaseAll(owner);
    }

    @Override
    public Backlog backlog(Instant now) {
        return stepRuns.backlog(now);
    }
}
