package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import io.hookflow.flows.control.InboundMapping;
import io.hookflow.flows.control.InboundTokens;
import org.junit.jupiter.api.Test;

class InboundTest {

    @Test
    void aTokenMatchesOnlyItsOwnHash() {
        String token = InboundTokens.generate();
        String other = InboundTokens.generate();
        String hash = InboundTokens.hash(token);

        assertThat(token).startsWith("flt_").hasSizeGreaterThan(40).isNotEqualTo(other);
        assertThat(hash).hasSize(64).doesNotContain(token);
        assertThat(InboundTokens.matches(token, hash)).isTrue();
        assertThat(InboundTokens.matches(other, hash)).isFalse();
        assertThat(InboundTokens.matches(null, hash)).isFalse();
        assertThat(InboundTokens.matches("", hash)).isFalse();
        assertThat(InboundTokens.matches(token, "not-hex")).isFalse();
    }

    @Test
    void theMappingPicksEachVariableFromTheBody() {
        var mapping = new LinkedHashMap<String, Object>();
        mapping.put("email", "$.lead.email");
        mapping.put("score", "$.lead.score");
        mapping.put("phone", "$.lead.phone");
        var input = InboundMapping.input(mapping, "{\"lead\":{\"email\":\"a@b.example\",\"score\":7}}");
        assertThat(input).containsExactly(Map.entry("email", "a@b.example"), Map.entry("score", 7));
    }

    @Test
    void withoutMappingTheBodysTopLevelFieldsAreTheInput() {
        assertThat(InboundMapping.input(Map.of(), "{\"a\":1,\"b\":\"x\"}")).containsEntry("a", 1).containsEntry("b", "x");
        assertThat(InboundMapping.input(Map.of(), "")).isEmpty();
        assertThat(InboundMapping.input(Map.of(), "[1,2]")).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> InboundMapping.input(Map.of("a", "$.a"), "a=1")).hasMessageContaining("not JSON");
    }

    @Test
    void mappingProblemsNameTheVariable() {
        var mapping = new LinkedHashMap<String, Object>();
        mapping.put("ok", "$.a");
        mapping.put("relative", "a.b");
        mapping.put("number", 5);
        mapping.put("bad name!", "$.x");
        assertThat(InboundMapping.problems(mapping)).containsOnlyKeys("relative", "number", "bad name!");
    }
}
