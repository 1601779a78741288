package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.hookflow.flows.control.StepGraph;
import io.hookflow.flows.control.StepGraph.Node;
import org.junit.jupiter.api.Test;

class StepGraphTest {

    private static final List<Node> DIAMOND_ISH = List.of(new Node(3, 1), new Node(1, null), new Node(2, 1),
            new Node(4, 3), new Node(5, null));

    @Test
    void stepsRunAfterTheStepTheyDependOn() {
        var graph = StepGraph.of(DIAMOND_ISH);
        assertThat(graph.roots()).containsExactly(1, 5);
        assertThat(graph.dependentsOf(1)).containsExactly(2, 3);
        assertThat(graph.order()).containsExactly(1, 5, 2, 3, 4);
        assertThat(graph.descendantsOf(1)).containsExactlyInAnyOrder(2, 3, 4);
        assertThat(graph.descendantsOf(4)).isEmpty();
    }

    @Test
    void runsBeforeFollowsDependenciesTransitivelyOnly() {
        var graph = StepGraph.of(DIAMOND_ISH);
        assertThat(graph.runsBefore(1, 4)).isTrue();
        assertThat(graph.runsBefore(3, 4)).isTrue();
        assertThat(graph.runsBefore(2, 4)).isFalse();
        assertThat(graph.runsBefore(5, 4)).isFalse();
        assertThat(graph.runsBefore(4, 4)).isFalse();
        assertThat(graph.runsBefore(4, 1)).isFalse();
    }

    @Test
    void duplicateNumbersUnknownStepsAndSelfDependenciesAreProblems() {
        var problems = StepGraph.problems(List.of(new Node(1, null), new Node(1, null), new Node(2, 9), new Node(3, 3)));
        assertThat(problems).extracting(StepGraph.Problem::index, StepGraph.Problem::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "step_number"),
                org.assertj.core.groups.Tuple.tuple(2, "depends_on_step"),
                org.assertj.core.groups.Tuple.tuple(3, "depends_on_step"));
        assertThat(problems.get(0).message()).contains("step_number 1 is already used by steps[0]");
        assertThat(problems.get(1).message()).isEqualTo("step 9 does not exist in this flow");
        assertThat(problems.get(2).message()).contains("cannot depend on itself");
    }

    @Test
    void aCycleIsReportedOnceNamingItsSteps() {
        var problems = StepGraph.problems(List.of(new Node(1, 3), new Node(2, 1), new Node(3, 2), new Node(4, 1)));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).index()).isZero();
        assertThat(problems.get(0).message()).isEqualTo("steps 1 -> 3 -> 2 -> 1 depend on each other in a cycle");
        assertThatThrownBy(() -> StepGraph.of(List.of(new Node(1, 2), new Node(2, 1)))).hasMessageContaining("cycle");
    }
}
