package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.hookflow.flows.control.ParsedResponse;
import io.hookflow.flows.control.StepResponse;
import io.hookflow.flows.control.VariableScope;
import io.hookflow.flows.control.VariableValues;
import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.PredefinedVariable;
import org.junit.jupiter.api.Test;

class VariableScopeTest {

    private static final List<FlowVariable> DECLARED = List.of(
            new FlowVariable("limit", null, null, "custom", "number", "25"),
            new FlowVariable("email", "lead_email", null, "input", "string", null),
            new FlowVariable("age", null, null, "input", "number", null),
            new FlowVariable("contact_id", "$.data.id", 1, "response", "string", null),
            new FlowVariable("trace", "header:X-Trace", 2, "response", null, null));

    @Test
    void eachKindOfVariableResolvesToItsConvertedValue() {
        var scope = new VariableScope(List.of(new PredefinedVariable("base", "https://crm.example")), DECLARED,
                Map.of("lead_email", "a@b.example", "age", "41", "raw", true), Map.of("contact_id", "c-9"));
        assertThat(scope.apply("limit")).isEqualTo(25L);
        assertThat(scope.apply("email")).isEqualTo("a@b.example");
        assertThat(scope.apply("age")).isEqualTo(41L);
        assertThat(scope.apply("contact_id")).isEqualTo("c-9");
        assertThat(scope.apply("base")).isEqualTo("https://crm.example");
        assertThat(scope.apply("raw")).isEqualTo(true);
    }

    @Test
    void aMissingOrUnconvertibleValueFailsNamingTheVariable() {
        var scope = new VariableScope(List.of(), DECLARED, Map.of("age", "forty"), Map.of());
        assertThatThrownBy(() -> scope.apply("email")).isInstanceOf(VariableValues.Unavailable.class)
                .hasMessageContaining("{{email}}").hasMessageContaining("no lead_email");
        assertThatThrownBy(() -> scope.apply("age")).hasMessage("variable {{age}} (input age, dataType number): value \"forty\" is not a number");
        assertThatThrownBy(() -> scope.apply("contact_id")).hasMessageContaining("from step 1 has no value");
        assertThatThrownBy(() -> scope.apply("nobody")).hasMessageContaining("{{nobody}} has no value");
    }

    @Test
    void aStepsResponseVariablesAreExtractedWhenItFinishes() {
        var response = ParsedResponse.of(new StepResponse(200, Map.of("x-trace", List.of("t-1")), "{\"data\":{\"id\":77}}"));
        assertThat(VariableScope.extract(1, DECLARED, response)).containsExactly(Map.entry("contact_id", "77"));
        assertThat(VariableScope.extract(2, DECLARED, response)).containsExactly(Map.entry("trace", "t-1"));
        assertThatThrownBy(() -> VariableScope.extract(1, DECLARED, ParsedResponse.of(new StepResponse(200, Map.of(), "{}"))))
                .hasMessage("variable {{contact_id}} ($.data.id, dataType string): $.data.id is not in the response body");
    }
}
