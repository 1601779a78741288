package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookflow.events.entity.EventRecord;
import io.hookflow.events.entity.EventRecord_;
import io.hookflow.flows.entity.StepRun;
import io.hookflow.flows.entity.StepRun_;
import org.junit.jupiter.api.Test;

class LeasedWorkTest {

    @Test
    void theLeaseStatementWritesTheMappedTableAndColumnsAndRaisesTheVersion() {
        assertThat(LeasedWork.leaseStatement(EventRecord.class, EventRecord_.ID)).isEqualTo(
                "UPDATE event_records SET lease_owner = ?, lease_until = ?, version = version + 1 WHERE id = ANY (?)");
    }

    @Test
    void aTableWithoutVersionGetsNoVersionWritten() {
        assertThat(LeasedWork.leaseStatement(StepRun.class, StepRun_.ID)).isEqualTo(
                "UPDATE flow_step_runs SET lease_owner = ?, lease_until = ? WHERE id = ANY (?)");
    }
}
