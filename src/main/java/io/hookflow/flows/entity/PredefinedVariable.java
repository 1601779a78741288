package io.hookflow.flows.entity;

/** A constant a flow's steps use as {@code {{name}}}. */
public record PredefinedVariable(String name, Object value) {
}
