package io.hookflow.flows.entity;

import java.util.LinkedHashMap;
import java.util.Map;

import io.hookflow.platform.control.SealedSecrets;

/**
 * The values of a flow that may be credentials (header values, constants, custom variable values) as they are
 * stored: each JSON value encrypted into a string, the structure around it left readable. A value stored before
 * encryption existed is read as it is.
 */
final class SealedValues {

    private SealedValues() {
    }

    static Object seal(Object value) {
        return value == null ? null : SealedSecrets.seal(JsonText.write(value));
    }

    static Object open(Object stored) {
        if (stored instanceof String text && SealedSecrets.isSealed(text)) {
            Object value = JsonText.read(SealedSecrets.open(text))
                    .orElseThrow(() -> new IllegalStateException("a decrypted flow value is not JSON"));
            return value == JsonText.NULL ? null : value;
        }
        return stored;
    }

    static Map<String, Object> sealAll(Map<String, Object> values) {
        var sealed = new LinkedHashMap<String, Object>();
        values.forEach((name, value) -> sealed.put(name, seal(value)));
        return sealed;
    }

    static Map<String, Object> openAll(Map<String, Object> stored) {
        if (stored == null) {
            return Map.of();
        }
        var opened = new LinkedHashMap<String, Object>();
        stored.forEach((name, value) -> opened.put(name, open(value)));
        return opened;
    }
}
