package io.hookflow.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

class JsonTextsTest {

    @Test
    void anObjectIsWrittenAsJsonPsBuilderWritesItForEveryKindOfValue() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("text", "a \"quoted\" line\nbreak \u00e9 \u0001");
        members.put("none", null);
        members.put("yes", true);
        members.put("int", 42);
        members.put("long", -9_007_199_254_740_993L);
        members.put("double", 1.0E-7);
        members.put("decimal", new BigDecimal("12345678901234567890.123"));
        members.put("big", new BigInteger("123456789012345678901234567890"));
        members.put("json", Json.createObjectBuilder().add("k", 1).build());
        members.put("list", Arrays.asList("a", null, 3, List.of(Map.of("deep", false))));
        members.put("map", Map.of("inner", List.of()));

        @SuppressWarnings("unchecked")
        String tree = Json.createObjectBuilder((Map<String, Object>) (Map<String, ?>) members).build().toString();

        assertThat(JsonTexts.object(members)).isEqualTo(tree);
        assertThat(JsonTexts.readObject(JsonTexts.object(members)).getString("text")).isEqualTo(members.get("text"));
    }

    @Test
    void aValueWithNoJsonFormIsRefused() {
        assertThatThrownBy(() -> JsonTexts.object(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonTexts.object(Map.of("float", 2.5f)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
