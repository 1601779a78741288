package io.hookflow.flows.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The order of a flow's steps: each step depends on at most one other ({@code depends_on_step}), so the
 * steps form a forest. Roots start with the execution; a step starts when its parent succeeded; siblings may
 * run in parallel.
 */
public final class StepGraph {

    /** A step as the graph sees it. */
    public record Node(int stepNumber, Integer dependsOn) {
    }

    /** A broken rule at steps[index].field. */
    public record Problem(int index, String field, String message) {
    }

    private final Map<Integer, Integer> parent;
    private final Map<Integer, List<Integer>> children;

    private StepGraph(Map<Integer, Integer> parent) {
        this.parent = parent;
        this.children = new TreeMap<>();
        parent.keySet().forEach(step -> children.put(step, new ArrayList<>()));
        parent.forEach((step, dependsOn) -> {
            if (dependsOn != null) {
                children.get(dependsOn).add(step);
            }
        });
        children.values().forEach(Collections::sort);
    }

    /** The graph of steps that {@link #problems} finds nothing wrong with. */
    public static StepGraph of(List<Node> nodes) {
        List<Problem> problems = problems(nodes);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("steps[" + problems.get(0).index() + "]." + problems.get(0).field()
                    + ": " + problems.get(0).message());
        }
        Map<Integer, Integer> parent = new TreeMap<>();
        nodes.forEach(node -> parent.put(node.stepNumber(), node.dependsOn()));
        return new StepGraph(parent);
    }

    /** Duplicate step numbers, dependencies on unknown steps or on themselves, and cycles. */
    public static List<Problem> problems(List<Node> nodes) {
        List<Problem> problems = new ArrayList<>();
        Map<Integer, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Integer earlier = firstIndex.putIfAbsent(nodes.get(i).stepNumber(), i);
            if (earlier != null) {
                problems.add(new Problem(i, "step_number", "step_number " + nodes.get(i).stepNumber()
                        + " is already used by steps[" + earlier + "]; step numbers must be unique"));
            }
        }
        Map<Integer, Integer> parent = new HashMap<>();
        nodes.forEach(node -> parent.putIfAbsent(node.stepNumber(), node.dependsOn()));
        Set<Integer> reported = new java.util.HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Integer dependsOn = node.dependsOn();
            if (dependsOn == null) {
                continue;
            }
            if (dependsOn == node.stepNumber()) {
                problems.add(new Problem(i, "depends_on_step", "step " + dependsOn + " cannot depend on itself"));
            } else if (!parent.containsKey(dependsOn)) {
                problems.add(new Problem(i, "depends_on_step", "step " + dependsOn + " does not exist in this flow"));
            } else {
                int index = i;
                cycleThrough(node.stepNumber(), parent).filter(cycle -> reported.addAll(cycle))
                        .ifPresent(cycle -> problems.add(new Problem(index, "depends_on_step",
                                "steps " + cycle.stream().map(String::valueOf).collect(Collectors.joining(" -> "))
                                        + " -> " + cycle.get(0) + " depend on each other in a cycle")));
            }
        }
        return problems;
    }

    private static java.util.Optional<List<Integer>> cycleThrough(int start, Map<Integer, Integer> parent) {
        List<Integer> path = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>();
        Integer current = start;
        while (current != null && seen.add(current)) {
            path.add(current);
            current = parent.get(current);
        }
        if (current == null || current != start) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(path);
    }

    /** The steps that depend on nothing, in step-number order. */
    public List<Integer> roots() {
        return parent.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    /** The steps that wait for {@code step} directly. */
    public List<Integer> dependentsOf(int step) {
        return List.copyOf(children.getOrDefault(step, List.of()));
    }

    /** Everything that waits for {@code step}, directly or through others: what its failure skips. */
    public Set<Integer> descendantsOf(int step) {
        Set<Integer> out = new LinkedHashSet<>();
        List<Integer> todo = new ArrayList<>(dependentsOf(step));
        while (!todo.isEmpty()) {
            int next = todo.remove(0);
            if (out.add(next)) {
                todo.addAll(dependentsOf(next));
            }
        }
        return out;
    }

    /** Whether {@code earlier} always finishes before {@code later} starts (it is one of its ancestors). */
    public boolean runsBefore(int earlier, int later) {
        Integer current = parent.get(later);
        while (current != null) {
            if (current == earlier) {
                return true;
            }
            current = parent.get(current);
        }
        return false;
    }

    /** Every step, each after the one it depends on: breadth first from the roots. */
    public List<Integer> order() {
        List<Integer> order = new ArrayList<>(roots());
        for (int i = 0; i < order.size(); i++) {
            order.addAll(dependentsOf(order.get(i)));
        }
        return order;
    }

    public Set<Integer> steps() {
        return Collections.unmodifiableSet(parent.keySet());
    }
}
