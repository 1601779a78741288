package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hookflow.flows.control.Templates;
import io.hookflow.flows.control.VariableValues;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    private static final Templates.Values VALUES = Templates.Values.of(Map.of(
            "id", "a b/c?d", "count", 42L, "price", new BigDecimal("9.50"), "ok", true,
            "lead", Map.of("email", "x@example.org"), "tags", List.of("a", "b")));

    @Test
    void textReplacesEveryPlaceholderWithTheValuesText() {
        assertThat(Templates.text("Bearer {{ id }} / {{count}} / {{price}} / {{ok}}", VALUES))
                .isEqualTo("Bearer a b/c?d / 42 / 9.5 / true");
        assertThat(Templates.text("lead={{lead}}", VALUES)).isEqualTo("lead={\"email\":\"x@example.org\"}");
    }

    @Test
    void aValueInAUrlIsPercentEncodedSoItStaysOneComponent() {
        assertThat(Templates.url("https://api.example.org/items/{{id}}?n={{count}}", VALUES))
                .isEqualTo("https://api.example.org/items/a%20b%2Fc%3Fd?n=42");
    }

    @Test
    void queryParametersAreTemplatedAndEncodedAndAppended() {
        var params = new LinkedHashMap<String, Object>();
        params.put("q", "{{id}}");
        params.put("limit", 10);
        params.put("flag", "{{ok}}");
        assertThat(Templates.withQuery("https://x.example/s", params, VALUES))
                .isEqualTo("https://x.example/s?q=a%20b%2Fc%3Fd&limit=10&flag=true");
        assertThat(Templates.withQuery("https://x.example/s?a=1", Map.of("b", "2"), VALUES))
                .isEqualTo("https://x.example/s?a=1&b=2");
        assertThat(Templates.withQuery("https://x.example/s", Map.of(), VALUES)).isEqualTo("https://x.example/s");
    }

    @Test
    void aWholeStringPlaceholderInJsonTakesTheTypedValue() {
        var body = Map.of("n", "{{count}}", "s", "n-{{count}}", "lead", "{{lead}}", "list", List.of("{{tags}}", "{{ok}}"),
                "{{id}}-key", 1);
        @SuppressWarnings("unchecked")
        var rendered = (Map<String, Object>) Templates.json(body, VALUES);
        assertThat(rendered).containsEntry("n", 42L).containsEntry("s", "n-42")
                .containsEntry("lead", Map.of("email", "x@example.org"))
                .containsEntry("list", List.of(List.of("a", "b"), true))
                .containsEntry("a b/c?d-key", 1);
    }

    @Test
    void valuesWithoutPlaceholdersComeBackUnchanged() {
        assertThat(Templates.json(7, VALUES)).isEqualTo(7);
        assertThat(Templates.json(null, VALUES)).isNull();
        assertThat(Templates.text("plain {text}", VALUES)).isEqualTo("plain {text}");
    }

    @Test
    void namesFindsPlaceholdersInStringsKeysAndNestedValues() {
        assertThat(Templates.names(Map.of("{{k}}", List.of("x {{a}} {{ b }}", Map.of("c", "{{c}}")))))
                .containsExactlyInAnyOrder("k", "a", "b", "c");
    }

    @Test
    void aPlaceholderWithoutValueFailsNamingTheVariable() {
        assertThatThrownBy(() -> Templates.text("x {{missing}}", VALUES))
                .isInstanceOf(VariableValues.Unavailable.class)
                .hasMessageContaining("{{missing}}");
    }

    @Test
    void percentEncodingKeepsOnlyUnreservedCharacters() {
        assertThat(Templates.percentEncode("aZ09-._~ é&=+")).isEqualTo("aZ09-._~%20%C3%A9%26%3D%2B");
    }
}
