package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.hookflow.flows.control.ParsedResponse;
import io.hookflow.flows.control.StepResponse;
import io.hookflow.flows.control.VariableValues;
import io.hookflow.flows.entity.FlowVariable.DataType;
import org.junit.jupiter.api.Test;

class VariableValuesTest {

    private static final ParsedResponse RESPONSE = ParsedResponse.of(new StepResponse(201, Map.of("X-Request-Id", List.of("r-7")),
            "{\"data\":{\"id\":\"abc\",\"n\":3,\"items\":[{\"id\":1},{\"id\":2}],\"none\":null}}"));

    @Test
    void aJsonPathReadsTheResponseBody() {
        assertThat(VariableValues.extract("$.data.id", RESPONSE)).isEqualTo("abc");
        assertThat(VariableValues.extract("$.data.n", RESPONSE)).isEqualTo(3);
        assertThat(VariableValues.extract("$.data.items[*].id", RESPONSE)).isEqualTo(List.of(1, 2));
    }

    @Test
    void aHeaderIsReadByNameWhateverItsCase() {
        assertThat(VariableValues.extract("header:x-request-id", RESPONSE)).isEqualTo("r-7");
        assertThat(VariableValues.extract("HEADER: X-Request-Id", RESPONSE)).isEqualTo("r-7");
    }

    @Test
    void statusIsTheResponseStatus() {
        assertThat(VariableValues.extract("status", RESPONSE)).isEqualTo(201);
    }

    @Test
    void whatIsNotThereFailsSayingWhere() {
        assertThatThrownBy(() -> VariableValues.extract("$.data.missing", RESPONSE))
                .isInstanceOf(VariableValues.Unavailable.class).hasMessageContaining("$.data.missing is not in the response body");
        assertThatThrownBy(() -> VariableValues.extract("$.data.none", RESPONSE)).hasMessageContaining("is null");
        assertThatThrownBy(() -> VariableValues.extract("header:Etag", RESPONSE)).hasMessageContaining("no header Etag");
        assertThatThrownBy(() -> VariableValues.extract("$.id", ParsedResponse.of(new StepResponse(200, Map.of(), "<html>"))))
                .hasMessageContaining("not JSON");
    }

    @Test
    void valuesConvertToTheirDataType() {
        assertThat(VariableValues.convert("42", DataType.NUMBER)).isEqualTo(42L);
        assertThat(VariableValues.convert(" 4.50 ", DataType.NUMBER)).isEqualTo(new BigDecimal("4.50"));
        assertThat(VariableValues.convert(7, DataType.NUMBER)).isEqualTo(7L);
        assertThat(VariableValues.convert("TRUE", DataType.BOOLEAN)).isEqualTo(true);
        assertThat(VariableValues.convert(false, DataType.BOOLEAN)).isEqualTo(false);
        assertThat(VariableValues.convert(12, DataType.STRING)).isEqualTo("12");
        assertThat(VariableValues.convert(Map.of("a", 1), DataType.STRING)).isEqualTo("{\"a\":1}");
        assertThat(VariableValues.convert("{\"a\":[1,2]}", DataType.JSON)).isEqualTo(Map.of("a", List.of(1, 2)));
        assertThat(VariableValues.convert(List.of(1), DataType.JSON)).isEqualTo(List.of(1));
    }

    @Test
    void aValueThatDoesNotConvertFailsSayingSo() {
        assertThatThrownBy(() -> VariableValues.convert("abc", DataType.NUMBER))
                .isInstanceOf(VariableValues.Unavailable.class).hasMessage("value \"abc\" is not a number");
        assertThatThrownBy(() -> VariableValues.convert("yes", DataType.BOOLEAN)).hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> VariableValues.convert(1, DataType.BOOLEAN)).hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> VariableValues.convert("{oops", DataType.JSON)).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> VariableValues.convert(null, DataType.STRING)).hasMessage("has no value");
    }

    @Test
    void locationsAreAJsonPathAHeaderOrStatus() {
        VariableValues.checkLocation("$.data.id");
        VariableValues.checkLocation("header:X-Id");
        VariableValues.checkLocation("status");
        assertThatThrownBy(() -> VariableValues.checkLocation("data.id")).hasMessageContaining("JSONPath");
        assertThatThrownBy(() -> VariableValues.checkLocation("header: ")).hasMessageContaining("no header");
        assertThatThrownBy(() -> VariableValues.checkLocation("$.data.")).hasMessageContaining("not a valid JSONPath");
        assertThatThrownBy(() -> VariableValues.checkLocation(null)).hasMessageContaining("required");
    }
}
