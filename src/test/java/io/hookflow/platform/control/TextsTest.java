package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

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
    void aNulIsFoundInNestedStringsAndKeysOfAJsonValue() {
        assertThat(Texts.holdsNul(Map.of("a", List.of(1, Map.of("b", "x\0y"))))).isTrue();
        assertThat(Texts.holdsNul(Map.of("k\0", 1))).isTrue();
        assertThat(Texts.holdsNul(Map.of("a", List.of("plain", 2, true)))).isFalse();
        assertThat(Texts.holdsNul(null)).isFalse();
    }
}
