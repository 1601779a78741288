package io.hookflow.flows.control;

import io.hookflow.flows.entity.ExecutionStatus;
import io.hookflow.flows.entity.FlowStatus;

/**
 * A flow's status from what its executions are doing, as the contract defines it: {@code running} while any
 * execution is in flight (started and not waiting for a retry), else {@code in-progress} while one waits for
 * its retry, else what the execution that just ended came to ({@code failed} when it exhausted its retries,
 * {@code scheduled} otherwise). A user's {@code stopped} and {@code deleted} stay until the user changes them.
 */
public final class FlowActivity {

    private FlowActivity() {
    }

    /**
     * @param running      executions of the flow in flight (scheduled for the first time, or in progress)
     * @param waiting      executions waiting for a retry
     * @param lastFinished how the execution that ended just now ended, or null when none did
     */
    public static FlowStatus status(FlowStatus current, long running, long waiting, ExecutionStatus lastFinished) {
        if (!current.acceptsExecutions()) {
            return current;
        }
        if (running > 0) {
            return FlowStatus.RUNNING;
        }
        if (waiting > 0) {
            return FlowStatus.IN_PROGRESS;
        }
        if (lastFinished == ExecutionStatus.FAILED) {
            return FlowStatus.FAILED;
        }
        if (lastFinished == ExecutionStatus.SUCCESS || current == FlowStatus.RUNNING || current == FlowStatus.IN_PROGRESS) {
            return FlowStatus.SCHEDULED;
        }
        return current;
    }
}
