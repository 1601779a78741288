package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hookflow.flows.control.FlowValidator;
import io.hookflow.flows.control.JsonPaths;
import io.hookflow.flows.control.Numbers;
import io.hookflow.flows.control.ParsedResponse;
import io.hookflow.flows.control.PreparedRequest;
import io.hookflow.flows.control.StepResponse;
import io.hookflow.flows.control.SuccessCondition;
import io.hookflow.flows.control.Templates;
import io.hookflow.flows.control.VariableScope;
import io.hookflow.flows.control.VariableValues;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowDirection;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.FlowVariable.DataType;
import io.hookflow.flows.entity.PredefinedVariable;
import io.hookflow.flows.entity.RetryDelayUnit;
import io.hookflow.flows.entity.StepMethod;
import io.hookflow.platform.control.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers, JSONPaths and header values a tenant supplies are bounded: refused at write, or failing one item at run time. */
class PoisonInputsTest {

    private static FlowStep.Settings step(Map<String, Object> headers, Object body, Map<String, Object> condition) {
        return new FlowStep.Settings(1, "https://a.example/x", StepMethod.POST, 10, 0, 10, Map.of(), headers, body, null, condition);
    }

    private static Flow.Settings flow(List<PredefinedVariable> predefined, List<FlowVariable> variables, Map<String, Object> mapping) {
        return new Flow.Settings(null, "f", null, 5, RetryDelayUnit.SECONDS, 3, false, FlowDirection.OUTBOUND, mapping,
                null, null, predefined, variables, null, null);
    }

    private static List<String> problems(Flow.Settings flow, FlowStep.Settings step) {
        List<String> out = new ArrayList<>();
        for (FieldError e : FlowValidator.problems(flow, List.of(step))) {
            out.add(e.field() + ": " + e.msg());
        }
        return out;
    }

    private static ParsedResponse json(String body) {
        return ParsedResponse.of(new StepResponse(200, Map.of(), body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2147483647", "1e2147483000", "-1e-2147483647", "1e101", "1e-101", "1000000e2147483647"})
    void anAbsurdExponentIsOutOfRangeWithoutExpandingTheNumber(String text) {
        assertThatThrownBy(() -> Numbers.parse(text)).isInstanceOf(Numbers.OutOfRange.class).hasMessageContaining("out of range");
        assertThat(Numbers.isBounded(new BigDecimal(text))).isFalse();
    }

    @Test
    void boundedNumbersPassUnchanged() {
        assertThat(Numbers.parse("1e100")).isEqualByComparingTo("1e100");
        assertThat(Numbers.parse("-4.50")).isEqualTo(new BigDecimal("-4.50"));
        assertThat(Numbers.parse("0e-2147483647")).isEqualTo(BigDecimal.ZERO);
        assertThat(Numbers.isBounded(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(Numbers.isBounded(Double.NaN)).isFalse();
        assertThatThrownBy(() -> Numbers.parse("1".repeat(101))).hasMessageContaining("significant digits");
        assertThatThrownBy(() -> Numbers.parse("1".repeat(100_000))).hasMessageContaining("longer than");
    }

    @Test
    void textOfANumberNeverExpandsAnAbsurdExponent() {
        assertThat(Templates.textOf(new BigDecimal("1e2147483647"))).isEqualTo("1E+2147483647");
        assertThat(Templates.textOf(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(Templates.textOf(new BigDecimal("1.50e2"))).isEqualTo("150");
    }

    @Test
    void aNumberVariableWithAnAbsurdValueFailsSayingSo() {
        assertThatThrownBy(() -> VariableValues.convert("1e2147483647", DataType.NUMBER))
                .isInstanceOf(VariableValues.Unavailable.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> VariableValues.convert(Double.POSITIVE_INFINITY, DataType.NUMBER))
                .isInstanceOf(VariableValues.Unavailable.class).hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> VariableValues.convert(Map.of("n", new BigDecimal("1e999")), DataType.JSON))
                .isInstanceOf(VariableValues.Unavailable.class).hasMessageContaining("[n]");
    }

    @Test
    void aResponseWithAnInfiniteOrAbsurdNumberFailsItsVariableNotTheBooking() {
        var declared = List.of(new FlowVariable("n", "$.n", 1, "response", "number", null));
        for (String body : List.of("{\"n\":1e2147483647}", "{\"n\":1e999}", "{\"n\":12345678901234567890e2147483000}")) {
            assertThatThrownBy(() -> VariableScope.extract(1, declared, json(body)))
                    .isInstanceOf(VariableValues.Unavailable.class).hasMessageContaining("variable {{n}}");
        }
    }

    @Test
    void anInputValueOutOfRangeFailsOnlyTheStepThatUsesIt() {
        var scope = new VariableScope(List.of(), List.of(new FlowVariable("amount", null, null, "input", "number", null)),
                Map.of("amount", new BigDecimal("1e2147483647"), "raw", new BigDecimal("1e2147483647"), "fine", 3), Map.of());
        assertThatThrownBy(() -> scope.apply("amount")).isInstanceOf(VariableValues.Unavailable.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> scope.apply("raw")).isInstanceOf(VariableValues.Unavailable.class).hasMessageContaining("{{raw}}");
        assertThat(scope.apply("fine")).isEqualTo(3);
    }

    @Test
    void absurdNumbersAreRefusedAtWriteWhereverTheFlowCarriesThem() {
        var flow = flow(List.of(new PredefinedVariable("p", new BigDecimal("1e2147483647"))),
                List.of(new FlowVariable("c", null, null, "custom", "number", "1e2147483647")), Map.of());
        var step = step(Map.of(), Map.of("list", List.of(1, new BigDecimal("1e999"))),
                Map.of("body", List.of(Map.of("path", "$.n", "op", "gt", "value", new BigDecimal("-1e2147483000")))));
        assertThat(problems(flow, step)).containsExactlyInAnyOrder(
                "steps[0].webhook_body.list[1]: is out of range (" + rule() + ")",
                "steps[0].success_condition.body[0].value: is out of range (" + rule() + ")",
                "predefinedVariables[0].value: is out of range (" + rule() + ")",
                "variables[0].customValue: does not convert to dataType number: value \"1e2147483647\" is out of range (" + rule() + ")");
    }

    private static String rule() {
        return "numbers are limited to 100 significant digits and a decimal exponent between -100 and 100";
    }

    @Test
    void aRegexFilterIsRefusedAtWriteAndAStoredOneFailsTheItem() {
        var variables = List.of(new FlowVariable("a", "$.items[?(@.a =~ /(.*a){12}b/)]", 1, "response", "json", null));
        var condition = Map.<String, Object>of("body", List.of(Map.of("path", "$.items[?(@.a =~ /x/)]", "op", "exists")));
        assertThat(problems(flow(List.of(), variables, Map.of("m", "$[?(@.a =~ /a/)]")), step(Map.of(), null, condition)))
                .hasSize(3).allSatisfy(problem -> assertThat(problem).contains("=~"));

        String document = "{\"items\":[{\"a\":\"" + "a".repeat(40) + "\"}]}";
        assertThatThrownBy(() -> VariableValues.extract("$.items[?(@.a =~ /(.*a){12}b/)]", json(document)))
                .isInstanceOf(VariableValues.Unavailable.class).hasMessageContaining("=~");
        var stored = new SuccessCondition(java.util.Set.of(), 2,
                List.of(new SuccessCondition.Check("$.items[?(@.a =~ /(.*a){12}b/)]", SuccessCondition.Op.EXISTS, null)), List.of());
        assertThat(stored.failure(json(document))).hasValueSatisfying(m -> assertThat(m).contains("=~"));
    }

    @Test
    void aLongPathIsRefused() {
        assertThatThrownBy(() -> JsonPaths.compile("$." + "a".repeat(JsonPaths.MAX_LENGTH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + JsonPaths.MAX_LENGTH);
    }

    @Test
    void anEvaluationThatReadsTheDocumentTooOftenStopsSayingSo() {
        // a chain 300 deep with 100 leaves per level: a deep scan inside a deep scan reads ~300 x 30,000 nodes
        Map<String, Object> nested = new LinkedHashMap<>();
        Map<String, Object> level = nested;
        for (int depth = 0; depth < 300; depth++) {
            for (int leaf = 0; leaf < 100; leaf++) {
                level.put("k" + leaf, leaf);
            }
            Map<String, Object> next = new LinkedHashMap<>();
            level.put("next", next);
            level = next;
        }
        level.put("b", 1);
        long started = System.nanoTime();
        assertThatThrownBy(() -> JsonPaths.read(nested, "$..[?(@..b)]"))
                .isInstanceOf(JsonPaths.Unevaluable.class).hasMessageContaining("reads of the document");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded, not timed: a sanity bound only").isLessThan(Duration.ofMinutes(1));
        assertThat(JsonPaths.read(nested, "$.next.next.k7")).contains(7);
    }

    @Test
    void aHeaderWithALineBreakIsRefusedAtWriteWithoutQuotingIt() {
        var step = step(Map.of("Authorization", "Bearer s3cr3t\n", "X-Ok", "tab\tok", "Bad Name", "v"), null, Map.of());
        var found = problems(flow(List.of(), List.of(), Map.of()), step);
        assertThat(found).containsExactlyInAnyOrder(
                "steps[0].webhook_headers.Authorization: must not contain control characters (CR, LF, NUL or others; a tab is allowed)",
                "steps[0].webhook_headers: a header name must be a header name: no spaces, colons or control characters");
        assertThat(String.join(" ", found)).doesNotContain("s3cr3t");
    }

    @Test
    void aHeaderThatGetsALineBreakFromAVariableFailsTheStepWithoutQuotingIt() {
        var step = new FlowStep(java.util.UUID.randomUUID(),
                step(Map.of("Authorization", "Bearer {{token}}"), null, Map.of()), java.time.Instant.now());
        assertThatThrownBy(() -> PreparedRequest.of(step, Templates.Values.of(Map.of("token", "s3cr3t\r\nX-Evil: 1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Authorization").hasMessageContaining("control characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }
}
