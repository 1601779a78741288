package io.hookflow.delivery.control;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hookflow.flows.control.ClaimedStep;
import io.hookflow.flows.control.DueSchedules;
import io.hookflow.flows.control.FinishedStep;
import io.hookflow.flows.control.StepResponse;
import io.hookflow.flows.control.StepRuns;
import io.hookflow.flows.control.StepTry;

/**
 * Flow steps as a {@link WorkSource}: due step runs are claimed and their tries booked by the flows package
 * ({@link StepRuns}); this turns their requests into what the sender takes and the sender's outcomes into
 * step tries. Unlike event deliveries a step may use any method, carries no signature, waits at most its own
 * timeout, and keeps up to 1 MiB of the response (and its headers) for the variables taken from it.
 */
@ApplicationScoped
public class FlowStepWork implements WorkSource {

    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    static final int SCHEDULES_PER_POLL = 100;

    @Inject
    StepRuns stepRuns;

    @Inject
    DueSchedules schedules;

    @Override
    public Claim claim(String owner, Instant now, Duration lease, int max, Collection<String> busyLanes,
                       Predicate<String> takeSlot) {
        var claim = stepRuns.claim(owner, now, lease, max, flowId -> {
            String lane = ClaimedStepTry.lane(flowId);
            return !busyLanes.contains(lane) && takeSlot.test(lane);
        });
        return new Claim(claim.claimed().stream().map(FlowStepWork::toWork).toList(), claim.pageFull());
    }

    private static ClaimedStepTry toWork(ClaimedStep step) {
        if (!step.sendable()) {
            return new ClaimedStepTry(step, null);
        }
        var request = step.request();
        byte[] body = request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
        return new ClaimedStepTry(step, new DeliveryRequest(request.url(), request.method(), request.headers(), body,
                step.timeout(), MAX_RESPONSE_BYTES));
    }

    @Override
    public List<Booked> book(String owner, List<CompletedAttempt> completed) {
        var finished = completed.stream().map(c -> new FinishedStep(((ClaimedStepTry) c.claimed()).step(), attempt(c), c.at())).toList();
        return stepRuns.book(owner, finished).stream().map(FlowStepWork::booked).toList();
    }

    /** What the try came to for the flow logic; null when it was never made (the lease is given back). */
    static StepTry attempt(CompletedAttempt completed) {
        ClaimedStep step = ((ClaimedStepTry) completed.claimed()).step();
        if (!step.sendable()) {
            return step.notSent();
        }
        DeliveryOutcome outcome = completed.outcome();
        if (outcome == null) {
            return null;
        }
        String method = step.request().method();
        String url = step.request().url().toString();
        if (outcome.answered()) {
            return StepTry.answered(method, url, new StepResponse(outcome.statusCode(), outcome.headers(), outcome.bodyText()),
                    outcome.latencyMs());
        }
        return switch (outcome.failure()) {
            case REFUSED_TARGET -> StepTry.notSent(method, url, outcome.error());
            default -> StepTry.noAnswer(method, url, outcome.error(), outcome.latencyMs());
        };
    }

    private static Booked booked(StepRuns.Booked booked) {
        return switch (booked) {
            case SUCCEEDED -> Booked.DELIVERED;
            case RETRY_SCHEDULED -> Booked.RETRY_SCHEDULED;
            case FAILED -> Booked.FAILED;
            case RELEASED -> Booked.RELEASED;
            case IGNORED, LEASE_LOST -> Booked.LEASE_LOST;
            case MISSING -> Booked.MISSING;
        };
    }

    @Override
    public int releaseAll(String owner) {
        return stepRuns.releaseAll(owner);
    }

    @Override
    public boolean claimed(ClaimedWork work) {
        return work instanceof ClaimedStepTry;
    }

    /** Starts the executions flow schedules are due for; answers how many. */
    int startDueSchedules(Instant now) {
        return schedules.startDue(now, SCHEDULES_PER_POLL);
    }
}
