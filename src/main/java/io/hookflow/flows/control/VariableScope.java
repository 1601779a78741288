package io.hookflow.flows.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.FlowVariable.DataType;
import io.hookflow.flows.entity.PredefinedVariable;
import io.hookflow.platform.control.Texts;

/**
 * The values a step's templates see: declared variables (custom, input, or extracted from an earlier step's
 * response), then predefined constants, then the execution's raw input by name. Values are resolved when a
 * template asks, so only what a step uses can fail it.
 */
public final class VariableScope implements Templates.Values {

    private final Map<String, FlowVariable> declared = new LinkedHashMap<>();
    private final Map<String, Object> predefined = new LinkedHashMap<>();
    private final Map<String, Object> input;
    private final Map<String, Object> extracted;

    public VariableScope(List<PredefinedVariable> predefined, List<FlowVariable> declared, Map<String, Object> input,
                         Map<String, Object> extracted) {
        predefined.forEach(p -> this.predefined.put(p.name(), p.value()));
        declared.forEach(v -> this.declared.put(v.name(), v));
        this.input = Map.copyOf(withoutNulls(input));
        this.extracted = Map.copyOf(withoutNulls(extracted));
    }

    @Override
    public Object apply(String name) {
        FlowVariable variable = declared.get(name);
        if (variable != null) {
            return declaredValue(variable);
        }
        if (predefined.containsKey(name)) {
            return Numbers.requireBounded(Optional.ofNullable(predefined.get(name))
                    .orElseThrow(() -> new VariableValues.Unavailable("predefined variable {{" + name + "}} has no value")),
                    "predefined variable {{" + name + "}}: value");
        }
        if (input.containsKey(name)) {
            return Numbers.requireBounded(input.get(name), "{{" + name + "}} (the execution's input): value");
        }
        throw new VariableValues.Unavailable("{{" + name + "}} has no value: it is neither a variable of the flow nor in the execution's input");
    }

    private Object declaredValue(FlowVariable variable) {
        String name = variable.name();
        DataType type = variable.variableDataType().orElse(DataType.STRING);
        FlowVariable.Type kind = variable.variableType().orElse(FlowVariable.Type.CUSTOM);
        return switch (kind) {
            case CUSTOM -> convert(name, variable.customValue(), type, "its customValue");
            case INPUT -> {
                String key = variable.location() == null || variable.location().isBlank() ? name : variable.location();
                if (!input.containsKey(key)) {
                    throw new VariableValues.Unavailable("input variable {{" + name + "}} has no value: the execution's input has no " + key);
                }
                yield convert(name, input.get(key), type, "input " + key);
            }
            case RESPONSE -> {
                if (!extracted.containsKey(name)) {
                    throw new VariableValues.Unavailable("variable {{" + name + "}} from step " + variable.stepId() + " has no value");
                }
                yield extracted.get(name);
            }
        };
    }

    private static Object convert(String name, Object value, DataType type, String source) {
        try {
            return VariableValues.convert(value, type);
        } catch (VariableValues.Unavailable e) {
            throw new VariableValues.Unavailable("variable {{" + name + "}} (" + source + ", dataType " + type.wireName() + "): " + e.getMessage());
        }
    }

    /**
     * The response variables that {@code stepNumber} provides, taken from its response and converted;
     * {@link VariableValues.Unavailable} names the first that cannot be had.
     */
    public static Map<String, Object> extract(int stepNumber, List<FlowVariable> declared, ParsedResponse response) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FlowVariable variable : declared) {
            if (variable.variableType().orElse(null) != FlowVariable.Type.RESPONSE
                    || !Objects.equals(variable.stepId(), stepNumber)) {
                continue;
            }
            DataType type = variable.variableDataType().orElse(DataType.STRING);
            try {
                // stored in jsonb, which cannot hold a NUL: replaced as in the stored answer
                values.put(variable.name(), Texts.storable(VariableValues.convert(VariableValues.extract(variable.location(), response), type)));
            } catch (VariableValues.Unavailable e) {
                throw new VariableValues.Unavailable("variable {{" + variable.name() + "}} (" + variable.location()
                        + ", dataType " + type.wireName() + "): " + e.getMessage());
            }
        }
        return values;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }
}
