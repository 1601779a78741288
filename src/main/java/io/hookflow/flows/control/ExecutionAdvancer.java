package io.hookflow.flows.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.hookflow.delivery.control.Backoff;

import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.StepRun;
import io.hookflow.flows.entity.StepRunStatus;

/**
 * Moves one execution along as the tries of its steps come in; plain logic over the entities, no I/O.
 *
 * <p>A step succeeds when its response meets its {@code success_condition} and every response variable it
 * provides can be taken and converted; its dependents become due. A failed try is tried again (after 1 s,
 * doubling, at most 30 s, with jitter, longer if a 429 or 503 asked for it) while the step has retries left ({@code retry_limit}) and the wait ends inside its
 * {@code timeout}, which started with its first try; a request that could not be built is not tried again.
 * A step that fails for good skips everything that depends on it. When every step of the attempt is settled,
 * the execution succeeded, or failed naming the first failed step and why; a failed attempt is followed by a
 * fresh one after the flow's {@code retry_delay} while {@code max_retries} allows.
 */
public final class ExecutionAdvancer {

    /** Before a step's retry n: 1 s, 2 s, 4 s... at most 30 s, with jitter; a 429's or 503's Retry-After within that. */
    static final Backoff STEP_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /**
     * What a try's answer means for its step, worked out apart from the booking (it runs the step's success
     * condition and takes its response variables): {@code failure} null when the step succeeded.
     */
    public record Evaluation(String failure, Map<String, Object> extracted, Optional<Duration> askedToWait) {
        public Evaluation {
            extracted = extracted == null ? Map.of() : extracted;
            askedToWait = askedToWait == null ? Optional.empty() : askedToWait;
        }

        public static Evaluation failure(String why) {
            return new Evaluation(why, Map.of(), Optional.empty());
        }

        public Evaluation askingToWait(Optional<Duration> wait) {
            return new Evaluation(failure, extracted, wait);
        }
    }

    /** What a recorded try did to the execution, which decides what becomes of the flow's status. */
    public enum Change {
        /** The try did not count: the execution ended meanwhile, or the step run is of an earlier attempt. */
        IGNORED,
        /** The execution goes on as it was. */
        NONE,
        /** An attempt that waited for its retry is under way. */
        RESUMED,
        SUCCEEDED,
        RETRY_SCHEDULED,
        FAILED;

        public boolean movesFlow() {
            return this != IGNORED && this != NONE;
        }
    }

    /** @param created step runs of a new attempt, to be stored */
    public record Result(Change change, List<StepRun> created) {
        public Result {
            created = List.copyOf(created);
        }
    }

    private final Flow flow;
    private final DoubleSupplier jitter;
    private final FlowExecution execution;
    private final Map<UUID, FlowStep> steps;
    private List<StepRun> runs;
    private StepGraph graph;

    /**
     * @param runs  the step runs of the execution's current attempt (others are ignored)
     * @param steps the step definitions those runs use, by id (retired ones included)
     */
    public ExecutionAdvancer(Flow flow, FlowExecution execution, List<StepRun> runs, Map<UUID, FlowStep> steps) {
        this(flow, execution, runs, steps, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param jitter picks each retry's jitter, a number in [0, 1) */
    public ExecutionAdvancer(Flow flow, FlowExecution execution, List<StepRun> runs, Map<UUID, FlowStep> steps,
                             DoubleSupplier jitter) {
        this.flow = flow;
        this.jitter = jitter;
        this.execution = execution;
        this.steps = Map.copyOf(steps);
        attempt(runs.stream().filter(r -> r.attemptNumber() == execution.attemptNumber()).toList());
    }

    /** One run per step for the execution's current attempt: the roots due at {@code dueAt}, the rest waiting. */
    public static List<StepRun> runsFor(FlowExecution execution, List<FlowStep> steps, Instant dueAt, Instant now) {
        return steps.stream().sorted(Comparator.comparingInt(FlowStep::stepNumber))
                .map(step -> new StepRun(execution, step, step.dependsOnStep() == null ? dueAt : null, now))
                .toList();
    }

    public FlowExecution execution() {
        return execution;
    }

    /** The runs of the current attempt, in step-number order. */
    public List<StepRun> runs() {
        return runs;
    }

    /** Records a try, judging its answer here. */
    public Result record(StepRun run, StepTry attempt, Instant at) {
        return record(run, attempt, runs.contains(run) ? evaluate(step(run), flow.variables(), attempt) : null, at);
    }

    /** What {@code attempt} means for {@code step}; any failure of the evaluation itself is the step's failure. */
    public static Evaluation evaluate(FlowStep step, List<FlowVariable> variables, StepTry attempt) {
        if (attempt.kind() != StepTry.Kind.ANSWERED) {
            return Evaluation.failure(attempt.error());
        }
        var response = ParsedResponse.of(attempt.response()); // once per try, whatever number of variables read it
        Optional<String> failure = conditionFailure(step, response);
        if (failure.isPresent()) {
            return Evaluation.failure(failure.get());
        }
        try {
            return new Evaluation(null, VariableScope.extract(step.stepNumber(), variables, response), Optional.empty());
        } catch (VariableValues.Unavailable e) {
            return Evaluation.failure("the response does not give " + e.getMessage());
        }
    }

    /** Records a try whose answer was judged already ({@code evaluation}). */
    public Result record(StepRun run, StepTry attempt, Evaluation evaluation, Instant at) {
        if (execution.status().isFinal() || run.attemptNumber() != execution.attemptNumber() || run.status().isFinal()
                || !runs.contains(run)) {
            run.releaseLease();
            return new Result(Change.IGNORED, List.of());
        }
        boolean resumed = execution.isWaitingForRetry();
        execution.begin(at);
        FlowStep step = step(run);
        Map<String, Object> extracted = evaluation.extracted();
        String failure = evaluation.failure();
        if (attempt.sent()) {
            StepResponse response = attempt.response();
            run.recordTry(attempt.method(), attempt.url(), response == null ? null : response.status(),
                    response == null ? null : response.body(), attempt.latencyMs(), failure, at);
        }
        if (failure == null) {
            run.succeed(extracted, at);
            execution.addVariables(extracted, at);
            graph.dependentsOf(step.stepNumber()).forEach(dependent -> runOf(dependent).makeDue(at));
        } else {
            Optional<Instant> retry = attempt.kind() == StepTry.Kind.NO_ANSWER || attempt.kind() == StepTry.Kind.ANSWERED
                    ? nextTry(run, step, at, evaluation.askedToWait()) : Optional.empty();
            if (retry.isPresent()) {
                run.retryAt(retry.get(), at);
                return new Result(resumed ? Change.RESUMED : Change.NONE, List.of());
            }
            boolean retriesLeft = attempt.kind() != StepTry.Kind.NOT_SENT && run.attempts() <= step.retryLimit();
            run.fail(stepFailure(run, step, failure, retriesLeft), at);
            graph.descendantsOf(step.stepNumber()).forEach(skipped -> runOf(skipped)
                    .skip("not run: step " + step.stepNumber() + ", which it depends on, failed", at));
        }
        if (runs.stream().allMatch(r -> r.status().isFinal())) {
            return finishAttempt(at);
        }
        return new Result(resumed ? Change.RESUMED : Change.NONE, List.of());
    }

    private Result finishAttempt(Instant at) {
        Optional<StepRun> failed = runs.stream().filter(r -> r.status() == StepRunStatus.FAILED).findFirst();
        if (failed.isEmpty()) {
            execution.succeed(at);
            return new Result(Change.SUCCEEDED, List.of());
        }
        StepRun first = failed.get();
        String message = "step " + first.stepNumber()
                + (first.requestUrl() == null ? "" : " (" + first.requestMethod() + " " + first.requestUrl() + ")")
                + " failed: " + first.errorMessage();
        int attempt = execution.attemptNumber();
        if (attempt <= flow.maxRetries()) {
            Instant next = at.plus(flow.retryDelayUnit().times(flow.retryDelay()));
            List<FlowStep> definitions = runs.stream().map(this::step).toList();
            execution.retryAt(message + " (attempt " + attempt + " of " + (flow.maxRetries() + 1) + "; retried at " + next + ")", next, at);
            List<StepRun> fresh = runsFor(execution, definitions, next, at);
            attempt(fresh);
            return new Result(Change.RETRY_SCHEDULED, fresh);
        }
        execution.fail(attempt == 1 ? message : message + " (attempt " + attempt + " of " + attempt + ", no retries left)", at);
        return new Result(Change.FAILED, List.of());
    }

    /** When the step may be tried again, if it may: retries left, and the wait ends inside its time budget. */
    private Optional<Instant> nextTry(StepRun run, FlowStep step, Instant at, Optional<Duration> askedToWait) {
        if (run.attempts() > step.retryLimit()) {
            return Optional.empty();
        }
        Instant due = at.plus(STEP_BACKOFF.beforeRetry(run.attempts(), askedToWait, jitter.getAsDouble()));
        return due.isBefore(deadline(run, step, at)) ? Optional.of(due) : Optional.empty();
    }

    /** The end of the step's {@code timeout}, counted from its first try. */
    public static Instant deadline(StepRun run, FlowStep step, Instant now) {
        return (run.startedAt() == null ? now : run.startedAt()).plusSeconds(step.timeout());
    }

    /** The reason, how many tries it took, and whether the step's time budget (not its retry_limit) ended them. */
    private static String stepFailure(StepRun run, FlowStep step, String failure, boolean retriesLeft) {
        int tries = run.attempts();
        String made = tries <= 1 ? "" : " (" + tries + " tries)";
        return retriesLeft ? failure + made + "; its timeout of " + step.timeout() + " s leaves no time to try again"
                : failure + made;
    }

    private static Optional<String> conditionFailure(FlowStep step, ParsedResponse response) {
        try {
            return SuccessCondition.parse(step.successCondition()).failure(response);
        } catch (IllegalArgumentException e) {
            return Optional.of("its success_condition is unusable: " + e.getMessage());
        }
    }

    private void attempt(List<StepRun> current) {
        this.runs = current.stream().sorted(Comparator.comparingInt(StepRun::stepNumber)).toList();
        this.graph = StepGraph.of(runs.stream().map(r -> new StepGraph.Node(r.stepNumber(), step(r).dependsOnStep())).toList());
    }

    private FlowStep step(StepRun run) {
        FlowStep step = steps.get(run.stepId());
        if (step == null) {
            throw new IllegalStateException("step " + run.stepId() + " of execution " + execution.id() + " was not loaded");
        }
        return step;
    }

    private StepRun runOf(int stepNumber) {
        return runs.stream().filter(r -> r.stepNumber() == stepNumber).findFirst()
                .orElseThrow(() -> new IllegalStateException("execution " + execution.id() + " has no run of step " + stepNumber));
    }
}
