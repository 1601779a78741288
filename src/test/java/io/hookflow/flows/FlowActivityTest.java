package io.hookflow.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookflow.flows.control.FlowActivity;
import io.hookflow.flows.entity.ExecutionStatus;
import io.hookflow.flows.entity.FlowStatus;
import org.junit.jupiter.api.Test;

class FlowActivityTest {

    @Test
    void anExecutionInFlightMakesTheFlowRunningWhateverElseHappened() {
        assertThat(FlowActivity.status(FlowStatus.SCHEDULED, 1, 0, null)).isEqualTo(FlowStatus.RUNNING);
        assertThat(FlowActivity.status(FlowStatus.IN_PROGRESS, 2, 3, ExecutionStatus.FAILED)).isEqualTo(FlowStatus.RUNNING);
    }

    @Test
    void aWaitingRetryIsInProgressWhenNothingRuns() {
        assertThat(FlowActivity.status(FlowStatus.RUNNING, 0, 1, ExecutionStatus.SUCCESS)).isEqualTo(FlowStatus.IN_PROGRESS);
    }

    @Test
    void theExecutionThatEndedDecidesWhenNothingElseGoesOn() {
        assertThat(FlowActivity.status(FlowStatus.RUNNING, 0, 0, ExecutionStatus.FAILED)).isEqualTo(FlowStatus.FAILED);
        assertThat(FlowActivity.status(FlowStatus.FAILED, 0, 0, ExecutionStatus.SUCCESS)).isEqualTo(FlowStatus.SCHEDULED);
        assertThat(FlowActivity.status(FlowStatus.RUNNING, 0, 0, null)).isEqualTo(FlowStatus.SCHEDULED);
        assertThat(FlowActivity.status(FlowStatus.FAILED, 0, 0, null)).isEqualTo(FlowStatus.FAILED);
    }

    @Test
    void aUsersStopOrDeleteIsKept() {
        assertThat(FlowActivity.status(FlowStatus.STOPPED, 1, 0, null)).isEqualTo(FlowStatus.STOPPED);
        assertThat(FlowActivity.status(FlowStatus.DELETED, 0, 0, ExecutionStatus.FAILED)).isEqualTo(FlowStatus.DELETED);
    }
}
