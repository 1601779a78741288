package io.hookflow.flows.boundary;

import java.util.List;

/** One page of a flow's executions, newest first, without their step results. */
public record ExecutionPage(List<ExecutionView> executions, long total, int page, int size) {
}
