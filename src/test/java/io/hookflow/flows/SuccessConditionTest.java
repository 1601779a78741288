package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.hookflow.flows.control.ParsedResponse;
import io.hookflow.flows.control.StepResponse;
import io.hookflow.flows.control.SuccessCondition;
import org.junit.jupiter.api.Test;

class SuccessConditionTest {

    private static final String BODY = "{\"ok\":true,\"count\":5,\"name\":\"Ada Lovelace\",\"tags\":[\"a\",\"b\"],\"obj\":{\"k\":1},\"nil\":null}";

    private static ParsedResponse response(int status) {
        return ParsedResponse.of(new StepResponse(status, Map.of("Content-Type", List.of("application/json; charset=utf-8")), BODY));
    }

    private static Map<String, Object> body(String path, String op, Object value) {
        return Map.of("body", List.of(value == null ? Map.of("path", path, "op", op) : Map.of("path", path, "op", op, "value", value)));
    }

    @Test
    void anEmptyConditionMeansAny2xx() {
        var condition = SuccessCondition.parse(Map.of());
        assertThat(condition.failure(response(204))).isEmpty();
        assertThat(condition.failure(response(302))).contains("status 302 is not 2xx");
    }

    @Test
    void statusIsAListOfCodesOrAClass() {
        var listed = SuccessCondition.parse(Map.of("status", List.of(new BigDecimal("200"), 202)));
        assertThat(listed.failure(response(202))).isEmpty();
        assertThat(listed.failure(response(201))).contains("status 201 is not one of [200, 202]");
        var clientErrors = SuccessCondition.parse(Map.of("status", "4xx"));
        assertThat(clientErrors.failure(response(404))).isEmpty();
        assertThat(clientErrors.failure(response(200))).isPresent();
    }

    @Test
    void bodyChecksReadJsonPathsAndAllMustHold() {
        assertThat(SuccessCondition.parse(body("$.ok", "eq", true)).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.ok", "eq", false)).failure(response(200)))
                .contains("body $.ok is true, expected eq false");
        assertThat(SuccessCondition.parse(body("$.count", "eq", new BigDecimal("5.0"))).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.count", "ne", 4)).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.count", "gt", 4)).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.count", "gte", 5)).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.count", "lt", 5)).failure(response(200))).contains("body $.count is 5, expected lt 5");
        assertThat(SuccessCondition.parse(body("$.count", "lte", "5")).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.name", "contains", "Love")).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.tags", "contains", "b")).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.obj", "contains", "k")).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.name", "in", List.of("x", "Ada Lovelace"))).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.count", "in", List.of(1, 2))).failure(response(200))).isPresent();
    }

    @Test
    void existsChecksPresenceEitherWay() {
        assertThat(SuccessCondition.parse(body("$.ok", "exists", null)).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.nil", "exists", true)).failure(response(200))).isEmpty();
        assertThat(SuccessCondition.parse(body("$.gone", "exists", true)).failure(response(200))).contains("body $.gone is missing (op exists true)");
        assertThat(SuccessCondition.parse(body("$.gone", "exists", false)).failure(response(200))).isEmpty();
    }

    @Test
    void aMissingFieldFailsEveryOtherOp() {
        assertThat(SuccessCondition.parse(body("$.gone", "eq", 1)).failure(response(200))).contains("body $.gone is missing (expected eq 1)");
    }

    @Test
    void aBodyThatIsNotJsonFailsBodyChecks() {
        var condition = SuccessCondition.parse(body("$.ok", "eq", true));
        assertThat(condition.failure(ParsedResponse.of(new StepResponse(200, Map.of(), "<html>")))).hasValueSatisfying(m -> assertThat(m).contains("not JSON"));
    }

    @Test
    void headerChecksCompareTheFirstValueByCaseInsensitiveName() {
        var condition = SuccessCondition.parse(Map.of("headers", List.of(Map.of("name", "content-type", "op", "contains", "value", "json"))));
        assertThat(condition.failure(response(200))).isEmpty();
        var absent = SuccessCondition.parse(Map.of("headers", List.of(Map.of("name", "ETag", "op", "exists"))));
        assertThat(absent.failure(response(200))).contains("header ETag is missing (op exists true)");
    }

    @Test
    void badConditionsAreRefusedSayingWhy() {
        assertThatThrownBy(() -> SuccessCondition.parse(Map.of("body", List.of(Map.of("path", "$.a", "op", "like", "value", 1)))))
                .hasMessageContaining("body[0].op must be one of eq, ne, gt, gte, lt, lte, contains, exists, in");
        assertThatThrownBy(() -> SuccessCondition.parse(Map.of("body", List.of(Map.of("path", "a.b", "op", "eq", "value", 1)))))
                .hasMessageContaining("body[0].path must be a JSONPath");
        assertThatThrownBy(() -> SuccessCondition.parse(Map.of("body", List.of(Map.of("path", "$.a", "op", "in", "value", 1)))))
                .hasMessageContaining("must be a list for op in");
        assertThatThrownBy(() -> SuccessCondition.parse(Map.of("status", "ok"))).hasMessageContaining("status must be");
        assertThatThrownBy(() -> SuccessCondition.parse(Map.of("status", List.of(99)))).hasMessageContaining("100-599");
        assertThatThrownBy(() -> SuccessCondition.parse(Map.of("code", 200))).hasMessageContaining("unknown key code");
        assertThatThrownBy(() -> SuccessCondition.parse(Map.of("headers", List.of(Map.of("op", "eq", "value", 1)))))
                .hasMessageContaining("headers[0].name is required");
    }
}
