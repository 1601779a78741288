package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.hookflow.flows.control.ExecutionAdvancer;
import io.hookflow.flows.control.ExecutionAdvancer.Change;
import io.hookflow.flows.control.PreparedRequest;
import io.hookflow.flows.control.StepResponse;
import io.hookflow.flows.control.StepTry;
import io.hookflow.flows.control.VariableScope;
import io.hookflow.flows.entity.ExecutionStatus;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowDirection;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.RetryDelayUnit;
import io.hookflow.flows.entity.StepMethod;
import io.hookflow.flows.entity.StepRun;
import io.hookflow.flows.entity.StepRunStatus;
import io.hookflow.flows.entity.Trigger;
import org.junit.jupiter.api.Test;

class ExecutionAdvancerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    /** A flow, its steps and one execution, moved along try by try as the engine would. */
    private static final class Run {
        final Flow flow;
        final List<FlowStep> steps;
        final FlowExecution execution;
        final List<StepRun> stored = new ArrayList<>();
        final ExecutionAdvancer advancer;

        Run(int maxRetries, int retryDelaySeconds, List<FlowVariable> variables, FlowStep.Settings... steps) {
            this.flow = new Flow(UUID.randomUUID(), new Flow.Settings(null, "f", null, retryDelaySeconds, RetryDelayUnit.SECONDS,
                    maxRetries, false, FlowDirection.OUTBOUND, Map.of(), null, null, List.of(), variables, null, null), "h", "u", T0);
            this.steps = List.of(steps).stream().map(s -> new FlowStep(flow.id(), s, T0)).toList();
            this.execution = new FlowExecution(flow, Trigger.MANUAL, Map.of("email", "a@b.example"), null, "u", T0);
            stored.addAll(ExecutionAdvancer.runsFor(execution, this.steps, T0, T0));
            this.advancer = new ExecutionAdvancer(flow, execution, stored,
                    this.steps.stream().collect(Collectors.toMap(FlowStep::id, Function.identity())), () -> 0);
        }

        StepRun run(int stepNumber) {
            return advancer.runs().stream().filter(r -> r.stepNumber() == stepNumber).findFirst().orElseThrow();
        }

        FlowStep step(int stepNumber) {
            return steps.stream().filter(s -> s.stepNumber() == stepNumber).findFirst().orElseThrow();
        }

        List<Integer> due() {
            return advancer.runs().stream().filter(r -> r.dueAt() != null).map(StepRun::stepNumber).toList();
        }

        /** Claims the step and prepares its request from the execution's variables, as the engine does. */
        PreparedRequest claim(int stepNumber, Instant at) {
            StepRun run = run(stepNumber);
            run.claim("node-a", at.plusSeconds(120), at);
            var scope = new VariableScope(flow.predefinedVariables(), flow.variables(), execution.input(), execution.variables());
            return PreparedRequest.of(step(stepNumber), scope);
        }

        ExecutionAdvancer.Result answer(int stepNumber, Instant at, int status, String body, Map<String, List<String>> headers) {
            var request = claim(stepNumber, at);
            var result = advancer.record(run(stepNumber), StepTry.answered(request.method(), request.url().toString(),
                    new StepResponse(status, headers, body), 12), at);
            stored.addAll(result.created());
            return result;
        }

        ExecutionAdvancer.Result answer(int stepNumber, Instant at, int status, String body) {
            return answer(stepNumber, at, status, body, Map.of());
        }

        ExecutionAdvancer.Result noAnswer(int stepNumber, Instant at) {
            var request = claim(stepNumber, at);
            return advancer.record(run(stepNumber), StepTry.noAnswer(request.method(), request.url().toString(),
                    "no complete response within 5 s", 5000), at);
        }
    }

    private static FlowStep.Settings step(int number, Integer dependsOn, String url) {
        return step(number, dependsOn, url, StepMethod.GET, null, 0, 30, Map.of());
    }

    private static FlowStep.Settings step(int number, Integer dependsOn, String url, StepMethod method, Object body,
                                          int retryLimit, int timeout, Map<String, Object> successCondition) {
        return new FlowStep.Settings(number, url, method, 10, retryLimit, timeout, Map.of(), Map.of(), body, dependsOn, successCondition);
    }

    @Test
    void stepsRunInDependencyOrderEachUsingWhatTheEarlierOnesReturned() {
        var headers = new LinkedHashMap<String, Object>();
        headers.put("X-Trace", "{{trace}}");
        var run = new Run(0, 5, List.of(
                        new FlowVariable("contact_id", "$.data.id", 1, "response", "string", null),
                        new FlowVariable("trace", "header:X-Trace", 2, "response", "string", null)),
                step(1, null, "http://crm.example/contacts", StepMethod.POST, Map.of("email", "{{email}}"), 0, 30, Map.of()),
                step(2, 1, "http://crm.example/contacts/{{contact_id}}"),
                new FlowStep.Settings(3, "http://crm.example/notes", StepMethod.PUT, 10, 0, 30, Map.of("c", "{{contact_id}}"),
                        headers, Map.of("trace", "{{trace}}"), 2, Map.of()),
                step(4, null, "http://other.example/ping"));

        assertThat(run.due()).containsExactly(1, 4);
        assertThat(run.claim(1, T0).body()).isEqualTo("{\"email\":\"a@b.example\"}");
        assertThat(run.answer(1, T0, 201, "{\"data\":{\"id\":\"c 7\"}}").change()).isEqualTo(Change.NONE);
        assertThat(run.execution.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(run.execution.executedAt()).isEqualTo(T0);
        assertThat(run.run(1).variables()).containsEntry("contact_id", "c 7");
        assertThat(run.due()).containsExactly(2, 4);

        var second = run.claim(2, T0.plusSeconds(1));
        assertThat(second.url().toString()).isEqualTo("http://crm.example/contacts/c%207");
        run.answer(2, T0.plusSeconds(1), 200, "{}", Map.of("X-Trace", List.of("tr-1")));
        var third = run.claim(3, T0.plusSeconds(2));
        assertThat(third.url().toString()).isEqualTo("http://crm.example/notes?c=c%207");
        assertThat(third.headers()).containsEntry("X-Trace", List.of("tr-1")).containsEntry("Content-Type", List.of("application/json"));
        assertThat(third.body()).isEqualTo("{\"trace\":\"tr-1\"}");
        assertThat(run.answer(3, T0.plusSeconds(2), 200, "{}").change()).isEqualTo(Change.NONE);
        assertThat(run.execution.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);

        assertThat(run.answer(4, T0.plusSeconds(3), 204, "").change()).isEqualTo(Change.SUCCEEDED);
        assertThat(run.execution.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(run.execution.finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(run.advancer.runs()).allMatch(r -> r.status() == StepRunStatus.SUCCESS && r.dueAt() == null && r.leaseOwner() == null);
        assertThat(run.run(3).requestUrl()).isEqualTo("http://crm.example/notes?c=c%207");
        assertThat(run.run(3).requestMethod()).isEqualTo("PUT");
        assertThat(run.run(3).attempts()).isEqualTo(1);
    }

    @Test
    void aFailedSuccessConditionFailsTheStepSkipsItsDependentsAndNamesTheStep() {
        var run = new Run(0, 5, List.of(),
                step(1, null, "http://a.example/one", StepMethod.GET, null, 0, 30,
                        Map.of("body", List.of(Map.of("path", "$.ok", "op", "eq", "value", true)))),
                step(2, 1, "http://a.example/two"),
                step(3, 2, "http://a.example/three"));

        var result = run.answer(1, T0, 200, "{\"ok\":false}");

        assertThat(result.change()).isEqualTo(Change.FAILED);
        assertThat(run.run(1).status()).isEqualTo(StepRunStatus.FAILED);
        assertThat(run.run(1).errorMessage()).contains("body $.ok is false, expected eq true");
        assertThat(run.run(2).status()).isEqualTo(StepRunStatus.SKIPPED);
        assertThat(run.run(3).status()).isEqualTo(StepRunStatus.SKIPPED);
        assertThat(run.run(3).errorMessage()).contains("step 1");
        assertThat(run.execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.execution.errorMessage()).startsWith("step 1 (GET http://a.example/one) failed: body $.ok is false");
        assertThat(run.execution.finishedAt()).isEqualTo(T0);
    }

    @Test
    void anIndependentBranchFinishesBeforeTheExecutionFails() {
        var run = new Run(0, 5, List.of(), step(1, null, "http://a.example/one"), step(2, null, "http://a.example/two"));

        assertThat(run.answer(1, T0, 500, "{}").change()).isEqualTo(Change.NONE);
        assertThat(run.execution.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(run.answer(2, T0.plusSeconds(1), 200, "{}").change()).isEqualTo(Change.FAILED);
        assertThat(run.run(2).status()).isEqualTo(StepRunStatus.SUCCESS);
        assertThat(run.execution.errorMessage()).contains("step 1").contains("status 500 is not 2xx");
    }

    @Test
    void aFailedTryIsRetriedWithinRetryLimitThenTheStepFails() {
        var run = new Run(0, 5, List.of(), step(1, null, "http://a.example/one", StepMethod.GET, null, 2, 60, Map.of()));

        assertThat(run.answer(1, T0, 503, "{}").change()).isEqualTo(Change.NONE);
        assertThat(run.run(1).status()).isEqualTo(StepRunStatus.RUNNING);
        assertThat(run.run(1).dueAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(run.run(1).leaseOwner()).isNull();
        assertThat(run.run(1).errorMessage()).contains("503");

        run.noAnswer(1, T0.plusSeconds(1));
        assertThat(run.run(1).dueAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(run.answer(1, T0.plusSeconds(3), 500, "{}").change()).isEqualTo(Change.FAILED);
        assertThat(run.run(1).attempts()).isEqualTo(3);
        assertThat(run.run(1).errorMessage()).isEqualTo("status 500 is not 2xx (3 tries)");
    }

    @Test
    void aRetryThatSucceedsCompletesTheStep() {
        var run = new Run(0, 5, List.of(), step(1, null, "http://a.example/one", StepMethod.GET, null, 1, 60, Map.of()));
        run.answer(1, T0, 500, "{}");
        assertThat(run.answer(1, T0.plusSeconds(1), 200, "{}").change()).isEqualTo(Change.SUCCEEDED);
        assertThat(run.run(1).attempts()).isEqualTo(2);
        assertThat(run.run(1).errorMessage()).isNull();
    }

    @Test
    void theStepsTimeoutBoundsItsRetries() {
        var run = new Run(0, 5, List.of(), step(1, null, "http://a.example/one", StepMethod.GET, null, 5, 3, Map.of()));
        run.noAnswer(1, T0); // started at T0: the budget ends at T0+3s
        assertThat(run.run(1).dueAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(run.noAnswer(1, T0.plusSeconds(2)).change()).isEqualTo(Change.FAILED); // the next try would be at T0+4s
        assertThat(run.run(1).errorMessage()).contains("no complete response within 5 s").contains("(2 tries)")
                .contains("timeout of 3 s leaves no time to try again");
        assertThat(ExecutionAdvancer.deadline(run.run(1), run.step(1), T0.plusSeconds(9))).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void aMissingOrUnconvertibleVariableFailsTheStepWithoutRetrying() {
        var run = new Run(0, 5, List.of(new FlowVariable("n", "$.count", 1, "response", "number", null)),
                step(1, null, "http://a.example/one", StepMethod.GET, null, 3, 60, Map.of()),
                step(2, 1, "http://a.example/{{missing}}"));
        run.answer(1, T0, 200, "{\"count\":\"many\"}");
        assertThat(run.run(1).status()).isEqualTo(StepRunStatus.RUNNING); // a failed extraction is a failed try: retried
        run.answer(1, T0.plusSeconds(1), 200, "{\"count\":\"4\"}");
        assertThat(run.execution.variables()).containsEntry("n", 4L);

        run.run(2).claim("node-a", T0.plusSeconds(120), T0.plusSeconds(2));
        var result = run.advancer.record(run.run(2), StepTry.notSent("GET", "http://a.example/{{missing}}",
                "{{missing}} has no value"), T0.plusSeconds(2));
        assertThat(result.change()).isEqualTo(Change.FAILED);
        assertThat(run.run(2).attempts()).isZero();
        assertThat(run.execution.errorMessage()).isEqualTo("step 2 failed: {{missing}} has no value");
    }

    @Test
    void aFailedExecutionIsRetriedAfterTheDelayWithFreshStepsUntilMaxRetries() {
        var run = new Run(1, 30, List.of(new FlowVariable("id", "$.id", 1, "response", "string", null)),
                step(1, null, "http://a.example/one"), step(2, 1, "http://a.example/{{id}}"));
        run.answer(1, T0, 200, "{\"id\":\"x\"}");

        var retry = run.answer(2, T0.plusSeconds(1), 404, "{}");

        assertThat(retry.change()).isEqualTo(Change.RETRY_SCHEDULED);
        assertThat(retry.created()).hasSize(2);
        assertThat(run.execution.status()).isEqualTo(ExecutionStatus.SCHEDULED);
        assertThat(run.execution.isWaitingForRetry()).isTrue();
        assertThat(run.execution.attemptNumber()).isEqualTo(2);
        assertThat(run.execution.nextRetryAt()).isEqualTo(T0.plusSeconds(31));
        assertThat(run.execution.errorMessage()).contains("step 2 (GET http://a.example/x) failed: status 404 is not 2xx");
        assertThat(run.execution.variables()).isEmpty();
        assertThat(run.execution.finishedAt()).isNull();
        assertThat(run.advancer.runs()).containsExactlyElementsOf(retry.created());
        assertThat(run.due()).containsExactly(1);
        assertThat(run.run(1).dueAt()).isEqualTo(T0.plusSeconds(31));
        assertThat(run.run(1).attemptNumber()).isEqualTo(2);

        assertThat(run.answer(1, T0.plusSeconds(31), 200, "{\"id\":\"y\"}").change()).isEqualTo(Change.RESUMED);
        assertThat(run.execution.status()).isEqualTo(ExecutionStatus.IN_PROGRESS);
        assertThat(run.execution.nextRetryAt()).isNull();
        assertThat(run.answer(2, T0.plusSeconds(32), 500, "{}").change()).isEqualTo(Change.FAILED);
        assertThat(run.execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.execution.attemptNumber()).isEqualTo(2);
        assertThat(run.execution.errorMessage()).contains("step 2").contains("no retries left");
        assertThat(run.execution.finishedAt()).isEqualTo(T0.plusSeconds(32));
    }

    @Test
    void aTryOfAnEarlierAttemptOrAnEndedExecutionIsIgnored() {
        var run = new Run(1, 0, List.of(), step(1, null, "http://a.example/one"));
        StepRun first = run.run(1);
        run.answer(1, T0, 500, "{}");
        assertThat(run.execution.attemptNumber()).isEqualTo(2);
        assertThat(run.advancer.record(first, StepTry.answered("GET", "http://a.example/one", new StepResponse(200, Map.of(), "{}"), 1), T0)
                .change()).isEqualTo(Change.IGNORED);

        run.execution.abandon("the flow was deleted", T0);
        run.run(1).claim("node-a", T0.plusSeconds(60), T0);
        assertThat(run.advancer.record(run.run(1), StepTry.noAnswer("GET", "u", "gone", 1), T0).change()).isEqualTo(Change.IGNORED);
        assertThat(run.run(1).leaseOwner()).isNull();
    }
}
