package io.hookflow.flows.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A named value a flow's steps use as {@code {{name}}}: taken from a step's response ({@code type: response},
 * {@code location} a JSONPath, {@code header:<Name>} or {@code status}, of step {@code stepId}), from the
 * execution's input ({@code input}, by {@code location} or else by name), or fixed ({@code custom}).
 * Kept as written; the flow validator decides what is acceptable. ({@code @JsonbNillable}: a renamed property
 * would otherwise drop its nulls, and the seed always shows every field.)
 */
@JsonbPropertyOrder({"name", "location", "stepId", "type", "dataType", "customValue"})
public record FlowVariable(String name, String location, @JsonbProperty("stepId") @JsonbNillable Integer stepId,
                           String type, @JsonbProperty("dataType") @JsonbNillable String dataType,
                           @JsonbProperty("customValue") @JsonbNillable Object customValue) {

    public enum Type implements WireEnum {
        RESPONSE, INPUT, CUSTOM;

        @Override
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum DataType implements WireEnum {
        STRING, NUMBER, BOOLEAN, JSON;

        @Override
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FlowVariable withCustomValue(Object value) {
        return new FlowVariable(name, location, stepId, type, dataType, value);
    }

    public Optional<Type> variableType() {
        return WireEnum.fromWire(Type.class, type);
    }

    /** {@code string} when not given. */
    public Optional<DataType> variableDataType() {
        return dataType == null ? Optional.of(DataType.STRING)
                : Arrays.stream(DataType.values()).filter(d -> d.wireName().equals(dataType)).findFirst();
    }
}
