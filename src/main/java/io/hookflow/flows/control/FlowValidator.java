package io.hookflow.flows.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowVariable;
import io.hookflow.flows.entity.PredefinedVariable;
import io.hookflow.flows.entity.Schedule;
import io.hookflow.flows.entity.WireEnum;
import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.HeaderText;

/**
 * The rules a flow must keep as a whole, checked on every write: unique step numbers, dependencies on steps
 * that exist and form no cycle, absolute http(s) URLs, well-formed success conditions, variables that are
 * unique, well-typed, and extracted from a step that runs before every step using them, a usable inbound
 * mapping and schedule. Each broken rule is one {@link FieldError} whose location names the field.
 */
public final class FlowValidator {

    private FlowValidator() {
    }

    public static List<FieldError> problems(Flow.Settings flow, List<FlowStep.Settings> steps) {
        List<FieldError> errors = new ArrayList<>();
        List<StepGraph.Node> nodes = steps.stream().map(s -> new StepGraph.Node(s.stepNumber(), s.dependsOnStep())).toList();
        List<StepGraph.Problem> graphProblems = StepGraph.problems(nodes);
        graphProblems.forEach(p -> errors.add(step(p.index(), p.field(), p.message(), "value_error")));
        for (int i = 0; i < steps.size(); i++) {
            checkStep(i, steps.get(i), errors);
        }
        Map<String, String> names = new HashMap<>();
        checkPredefined(flow.predefinedVariables(), names, errors);
        if (graphProblems.isEmpty()) {
            checkVariables(flow.variables(), steps, StepGraph.of(nodes), names, errors);
        }
        InboundMapping.problems(flow.flowMapping()).forEach((name, problem) ->
                errors.add(new FieldError(List.of("body", "flow_mapping", name), problem, "value_error")));
        flow.optionalSchedule().ifPresent(schedule -> checkSchedule(schedule, errors));
        return errors;
    }

    private static void checkStep(int i, FlowStep.Settings step, List<FieldError> errors) {
        if (!isAbsoluteHttpUrl(step.webhookUrl())) {
            errors.add(step(i, "webhook_url", "must be an absolute http or https URL (placeholders may follow the host)", "url_parsing"));
        }
        scalarValues(step.webhookUrlParams()).forEach(key ->
                errors.add(new FieldError(List.of("body", "steps", i, "webhook_url_params", key),
                        "must be a string, number or boolean", "type_error")));
        scalarValues(step.webhookHeaders()).forEach(key ->
                errors.add(new FieldError(List.of("body", "steps", i, "webhook_headers", key),
                        "must be a string, number or boolean", "type_error")));
        checkHeaders(i, step.webhookHeaders(), errors);
        try {
            SuccessCondition.parse(step.successCondition());
        } catch (IllegalArgumentException e) {
            errors.add(step(i, "success_condition", e.getMessage(), "value_error"));
        }
        checkNumbers(List.of("body", "steps", i, "webhook_url_params"), step.webhookUrlParams(), errors);
        checkNumbers(List.of("body", "steps", i, "webhook_headers"), step.webhookHeaders(), errors);
        checkNumbers(List.of("body", "steps", i, "webhook_body"), step.webhookBody(), errors);
        checkNumbers(List.of("body", "steps", i, "success_condition"), step.successCondition(), errors);
    }

    /** Header names and values as written; placeholders are checked again once filled in, at run time. */
    private static void checkHeaders(int i, Map<String, Object> headers, List<FieldError> errors) {
        headers.forEach((name, value) -> {
            List<Object> loc = List.of("body", "steps", i, "webhook_headers", name);
            HeaderText.nameProblem(Templates.sample(name)).ifPresent(problem ->
                    errors.add(new FieldError(List.of("body", "steps", i, "webhook_headers"),
                            "a header name " + problem, "value_error")));
            if (value instanceof String text) {
                HeaderText.valueProblem(text).ifPresent(problem -> errors.add(new FieldError(loc, problem, "value_error")));
            }
        });
    }

    /** Every number a flow carries is bounded ({@link Numbers}); the location points at the number itself. */
    private static void checkNumbers(List<Object> loc, Object value, List<FieldError> errors) {
        Numbers.problem(value).ifPresent(problem -> {
            List<Object> at = new ArrayList<>(loc);
            at.addAll(problem.at());
            errors.add(new FieldError(at, problem.message(), "value_error"));
        });
    }

    /** An absolute http(s) URL with a host; {{placeholders}} are allowed after the scheme. */
    static boolean isAbsoluteHttpUrl(String url) {
        if (url == null) {
            return false;
        }
        String probe = url.replaceAll("\\{\\{[^}]*}}", "x");
        try {
            URI uri = new URI(probe);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static List<String> scalarValues(Map<String, Object> values) {
        return values.entrySet().stream()
                .filter(e -> e.getValue() != null && !(e.getValue() instanceof String || e.getValue() instanceof Number
                        || e.getValue() instanceof Boolean))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static void checkPredefined(List<PredefinedVariable> predefined, Map<String, String> names, List<FieldError> errors) {
        for (int i = 0; i < predefined.size(); i++) {
            String where = "predefinedVariables[" + i + "]";
            checkName(predefined.get(i).name(), where, List.of("body", "predefinedVariables", i, "name"), names, errors);
            checkNumbers(List.of("body", "predefinedVariables", i, "value"), predefined.get(i).value(), errors);
        }
    }

    private static void checkName(String name, String where, List<Object> loc, Map<String, String> names, List<FieldError> errors) {
        if (name == null || !name.matches(Templates.NAME)) {
            errors.add(new FieldError(loc, "is required: letters, digits, _ . - (used as {{name}})", "value_error"));
            return;
        }
        String earlier = names.putIfAbsent(name, where);
        if (earlier != null) {
            errors.add(new FieldError(loc, "variable name " + name + " is already used by " + earlier, "value_error"));
        }
    }

    private static void checkVariables(List<FlowVariable> variables, List<FlowStep.Settings> steps, StepGraph graph,
                                       Map<String, String> names, List<FieldError> errors) {
        Map<Integer, Set<String>> usedBy = new HashMap<>();
        steps.forEach(s -> usedBy.put(s.stepNumber(), placeholders(s)));
        for (int i = 0; i < variables.size(); i++) {
            FlowVariable v = variables.get(i);
            int index = i;
            checkName(v.name(), "variables[" + i + "]", List.of("body", "variables", i, "name"), names, errors);
            var type = v.variableType();
            if (type.isEmpty()) {
                errors.add(variable(i, "type", "must be one of " + WireEnum.choices(FlowVariable.Type.class)));
                continue;
            }
            if (v.variableDataType().isEmpty()) {
                errors.add(variable(i, "dataType", "must be one of " + WireEnum.choices(FlowVariable.DataType.class)));
            }
            switch (type.get()) {
                case CUSTOM -> {
                    if (v.customValue() == null) {
                        errors.add(variable(i, "customValue", "is required for a custom variable"));
                    } else {
                        v.variableDataType().ifPresent(dataType -> {
                            try {
                                VariableValues.convert(v.customValue(), dataType);
                            } catch (VariableValues.Unavailable e) {
                                errors.add(variable(index, "customValue", "does not convert to dataType "
                                        + dataType.wireName() + ": " + e.getMessage()));
                            }
                        });
                    }
                }
                case INPUT -> {
                    // the input is only known at run time
                }
                case RESPONSE -> {
                    try {
                        VariableValues.checkLocation(v.location());
                    } catch (IllegalArgumentException e) {
                        errors.add(variable(i, "location", e.getMessage()));
                    }
                    if (v.stepId() == null) {
                        errors.add(variable(i, "stepId", "is required for a response variable: the step_number whose response holds it"));
                    } else if (!graph.steps().contains(v.stepId())) {
                        errors.add(variable(i, "stepId", "step " + v.stepId() + " does not exist in this flow"));
                    } else {
                        usedBy.forEach((step, used) -> {
                            if (used.contains(v.name()) && !graph.runsBefore(v.stepId(), step)) {
                                errors.add(variable(index, "stepId", "step " + v.stepId() + " does not run before step " + step
                                        + ", which uses {{" + v.name() + "}}: step " + step
                                        + " must depend on step " + v.stepId() + " (directly or through other steps)"));
                            }
                        });
                    }
                }
            }
        }
    }

    private static Set<String> placeholders(FlowStep.Settings step) {
        var all = new java.util.LinkedHashSet<String>();
        all.addAll(Templates.names(step.webhookUrl()));
        all.addAll(Templates.names(step.webhookUrlParams()));
        all.addAll(Templates.names(step.webhookHeaders()));
        all.addAll(Templates.names(step.webhookBody()));
        return all;
    }

    private static void checkSchedule(Schedule schedule, List<FieldError> errors) {
        CronSchedules.cronProblem(schedule.cron()).ifPresent(problem ->
                errors.add(new FieldError(List.of("body", "schedule", "cron"), problem, "value_error")));
        CronSchedules.timezoneProblem(schedule.timezone()).ifPresent(problem ->
                errors.add(new FieldError(List.of("body", "schedule", "timezone"), problem, "value_error")));
    }

    private static FieldError step(int index, String field, String message, String type) {
        return new FieldError(List.of("body", "steps", index, field), message, type);
    }

    private static FieldError variable(int index, String field, String message) {
        return new FieldError(List.of("body", "variables", index, field), message, "value_error");
    }
}
