package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void aNulCharacterIsReplacedBecausePostgresqlTextCannotHoldIt() {
        assertThat(Texts.storable("ok\0done\0", 100)).isEqualTo("ok\uFFFDdone\uFFFD");
    }

    @Test
    void textLongerThanItsColumnIsCutAtTheColumnsLength() {
        assertThat(Texts.storable("abcdef", 4)).isEqualTo("abcd");
        assertThat(Texts.storable("abc", 4)).isEqualTo("abc");
        assertThat(Texts.storable(null, 4)).isNull();
    }

    @Test
    void aNulIsFoundAtItsPathInNestedStringsAndKeysOfAJsonValue() {
        assertThat(Texts.nulAt(Map.of("a", List.of(1, Map.of("b", "x\0y"))))).contains(List.of("a", 1, "b"));
        assertThat(Texts.nulAt(Map.of("k\0", 1))).contains(List.of("k\0"));
        assertThat(Texts.nulAt(Map.of("a", List.of("plain", 2, true)))).isEmpty();
        assertThat(Texts.nulAt(null)).isEmpty();
        assertThat(Texts.nulAt("x\0")).contains(List.of());
    }

    record Step(String webhookUrl, Map<String, Object> webhookHeaders) {
    }

    record Flow(String name, List<Step> steps) {
    }

    @Test
    void aNulInARecordIsFoundUnderItsComponentsWireName() {
        var flow = new Flow("ok", List.of(new Step("http://a", Map.of()), new Step("http://b", Map.of("X-A", "v\0"))));

        assertThat(Texts.nulAt(flow)).contains(List.of("steps", 1, "webhook_headers", "X-A"));
        assertThat(Texts.nulAt(new Flow("ok", List.of(new Step("http://a", Map.of()))))).isEmpty();
    }

    @Test
    void aNulInAJsonPValueIsFound() {
        var json = Json.createObjectBuilder().add("list", Json.createArrayBuilder().add("ok").add("no\0")).build();

        assertThat(Texts.nulAt(json)).contains(List.of("list", 1));
    }

    @Test
    void aClientsValueHoldingANulIsRefusedAtItsFullLocation() {
        assertThatThrownBy(() -> Texts.requireNoNul(List.of("body"), Map.of("payload", Map.of("n", "a\0"))))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.fieldErrors())
                        .containsExactly(new FieldError(List.of("body", "payload", "n"), Texts.NUL_RULE, "value_error")));
        Texts.requireNoNul(List.of("query", "search"), "fine");
    }

    @Test
    void aReceiversValueIsMadeStorableWithEveryNulReplacedAndNothingElseChanged() {
        Object value = Map.of("k\0", List.of("a\0b", 2, true), "n", 1.5);

        assertThat(Texts.storable(value)).isEqualTo(Map.of("k\uFFFD", List.of("a\uFFFDb", 2, true), "n", 1.5));
        assertThat(Texts.storable((Object) "plain")).isEqualTo("plain");
    }
}
