package io.hookflow.flows.control;

import java.util.List;

import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.FlowStep;

/** A flow as every response shows it: its current steps and its latest executions, newest first. */
public record FlowDetails(Flow flow, List<FlowStep> steps, List<FlowExecution> executions) {

    public static final int LATEST_EXECUTIONS = 20;

    public FlowDetails {
        steps = List.copyOf(steps);
        executions = List.copyOf(executions);
    }
}
