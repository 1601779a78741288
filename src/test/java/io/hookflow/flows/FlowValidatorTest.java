package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hookflow.flows.control.FlowValidator;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowDirection;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.PredefinedVariable;
import io.hookflow.flows.entity.RetryDelayUnit;
import io.hookflow.flows.entity.Schedule;
import io.hookflow.flows.entity.StepMethod;
import io.hookflow.platform.control.FieldError;
import org.junit.jupiter.api.Test;

class FlowValidatorTest {

    private static FlowStep.Settings step(int number, Integer dependsOn, String url) {
        return step(number, dependsOn, url, Map.of(), null, Map.of());
    }

    private static FlowStep.Settings step(int number, Integer dependsOn, String url, Map<String, Object> headers,
                                          Object body, Map<String, Object> condition) {
        return new FlowStep.Settings(number, url, StepMethod.POST, 10, 0, 10, Map.of(), headers, body, dependsOn, condition);
    }

    private static Flow.Settings flow(List<PredefinedVariable> predefined, List<FlowVariable> variables,
                                      Map<String, Object> mapping, Schedule schedule) {
        return new Flow.Settings(null, "f", null, 5, RetryDelayUnit.SECONDS, 3, false, FlowDirection.OUTBOUND, mapping,
                null, null, predefined, variables, schedule, null);
    }

    private static final Flow.Settings PLAIN = flow(List.of(), List.of(), Map.of(), null);

    private static List<String> problems(Flow.Settings flow, FlowStep.Settings... steps) {
        List<String> out = new ArrayList<>();
        for (FieldError e : FlowValidator.problems(flow, List.of(steps))) {
            out.add(e.field() + ": " + e.msg());
        }
        return out;
    }

    @Test
    void aChainWhoseVariablesComeFromEarlierStepsIsValid() {
        var variables = List.of(
                new FlowVariable("id", "$.id", 1, "response", "string", null),
                new FlowVariable("trace", "header:X-Trace", 2, "response", "string", null),
                new FlowVariable("who", null, null, "input", "string", null));
        var flow = flow(List.of(new PredefinedVariable("host", "crm.example")), variables, Map.of("who", "$.lead.name"),
                new Schedule("*/15 * * * *", "Europe/Berlin"));
        assertThat(problems(flow,
                step(1, null, "https://crm.example/contacts"),
                step(2, 1, "https://crm.example/contacts/{{id}}"),
                step(3, 2, "http://{{host}}/notes", Map.of("X-Trace", "{{trace}}"), Map.of("for", "{{id}}", "by", "{{who}}"), Map.of())))
                .isEmpty();
    }

    @Test
    void theStepGraphRulesNameTheStepAndField() {
        assertThat(problems(PLAIN, step(1, null, "https://a.example"), step(1, null, "https://a.example")))
                .containsExactly("steps[1].step_number: step_number 1 is already used by steps[0]; step numbers must be unique");
        assertThat(problems(PLAIN, step(1, 4, "https://a.example")))
                .containsExactly("steps[0].depends_on_step: step 4 does not exist in this flow");
        assertThat(problems(PLAIN, step(1, 2, "https://a.example"), step(2, 1, "https://a.example")))
                .containsExactly("steps[0].depends_on_step: steps 1 -> 2 -> 1 depend on each other in a cycle");
    }

    @Test
    void urlsMustBeAbsoluteHttpOrHttps() {
        assertThat(problems(PLAIN, step(1, null, "/relative/path"))).hasSize(1).first().asString().startsWith("steps[0].webhook_url: must be an absolute");
        assertThat(problems(PLAIN, step(1, null, "ftp://files.example/x"))).hasSize(1);
        assertThat(problems(PLAIN, step(1, null, "{{url}}"))).hasSize(1);
        assertThat(problems(PLAIN, step(1, null, "https://{{host}}/x?q={{q}}"))).isEmpty();
    }

    @Test
    void headersAndSuccessConditionsAreChecked() {
        assertThat(problems(PLAIN, step(1, null, "https://a.example", Map.of("X-A", Map.of("nested", 1)), null,
                Map.of("body", List.of(Map.of("path", "$.ok", "op", "maybe", "value", 1))))))
                .containsExactlyInAnyOrder("steps[0].webhook_headers.X-A: must be a string, number or boolean",
                        "steps[0].success_condition: body[0].op must be one of eq, ne, gt, gte, lt, lte, contains, exists, in");
    }

    @Test
    void aResponseVariableMustComeFromAStepThatRunsBeforeEveryStepUsingIt() {
        var fromTwo = flow(List.of(), List.of(new FlowVariable("token", "$.token", 2, "response", "string", null)), Map.of(), null);
        assertThat(problems(fromTwo,
                step(1, null, "https://a.example/{{token}}"),
                step(2, null, "https://a.example/login")))
                .containsExactly("variables[0].stepId: step 2 does not run before step 1, which uses {{token}}: "
                        + "step 1 must depend on step 2 (directly or through other steps)");

        var unknownStep = flow(List.of(), List.of(new FlowVariable("token", "$.token", 9, "response", "string", null)), Map.of(), null);
        assertThat(problems(unknownStep, step(1, null, "https://a.example")))
                .containsExactly("variables[0].stepId: step 9 does not exist in this flow");

        var usedBySameStep = flow(List.of(), List.of(new FlowVariable("t", "$.t", 1, "response", "string", null)), Map.of(), null);
        assertThat(problems(usedBySameStep, step(1, null, "https://a.example", Map.of(), Map.of("t", "{{t}}"), Map.of())))
                .hasSize(1);
    }

    @Test
    void variablesAreUniqueAndWellTyped() {
        var flow = flow(List.of(new PredefinedVariable("a", "1")), List.of(
                new FlowVariable("a", null, null, "custom", "string", "x"),
                new FlowVariable("b", null, null, "secret", "string", null),
                new FlowVariable("c", null, null, "custom", "date", "x"),
                new FlowVariable("d", null, null, "custom", "string", null),
                new FlowVariable("e", "body.id", 1, "response", "string", null),
                new FlowVariable("f", "$.x", null, "response", "string", null)), Map.of(), null);
        assertThat(problems(flow, step(1, null, "https://a.example"))).containsExactly(
                "variables[0].name: variable name a is already used by predefinedVariables[0]",
                "variables[1].type: must be one of response, input, custom",
                "variables[2].dataType: must be one of string, number, boolean, json",
                "variables[3].customValue: is required for a custom variable",
                "variables[4].location: must be a JSONPath ($.data.id), header:<Name> or status",
                "variables[5].stepId: is required for a response variable: the step_number whose response holds it");
    }

    @Test
    void theScheduleAndInboundMappingAreChecked() {
        var flow = flow(List.of(), List.of(), Map.of("email", "lead.email"), new Schedule("0 0 */5 * * *", "Nowhere/City"));
        assertThat(problems(flow, step(1, null, "https://a.example"))).containsExactly(
                "flow_mapping.email: must be a JSONPath starting with $",
                "schedule.cron: must have five fields (minute hour day-of-month month day-of-week), not 6",
                "schedule.timezone: is not a known time zone (an IANA id such as Europe/Berlin, or UTC)");
    }

    @Test
    void retryDelaysScaleByTheirUnit() {
        assertThat(RetryDelayUnit.SECONDS.times(5)).hasSeconds(5);
        assertThat(RetryDelayUnit.MINUTES.times(2)).hasSeconds(120);
        assertThat(RetryDelayUnit.HOURS.times(1)).hasSeconds(3600);
        assertThat(RetryDelayUnit.DAYS.times(1)).hasSeconds(86_400);
    }
}
