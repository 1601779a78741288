package io.hookflow.flows.control;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.AttemptLedger;
import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.flows.entity.ExecutionStatus;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.FlowExecution_;
import io.hookflow.flows.entity.StepRun;
import io.hookflow.flows.entity.StepRun_;
import io.hookflow.platform.control.Expiring;

/**
 * Old finished flow executions (success or failed) go with their step runs and those runs' tries in the attempt
 * ledger; an execution still running or waiting (for its retry, or held by its flow's open circuit breaker) stays
 * with all of its tries, whatever its age.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class ExecutionRetention implements Expiring {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Override
    public int deleteOlderThan(Instant cutoff, Instant now, int max) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(FlowExecution.class);
        var root = query.from(FlowExecution.class);
        query.where(cb.lessThan(root.get(FlowExecution_.createdAt), cutoff),
                        root.get(FlowExecution_.status).in(ExecutionStatus.SUCCESS, ExecutionStatus.FAILED))
                .orderBy(cb.asc(root.get(FlowExecution_.createdAt)));
        List<UUID> ids = em.createQuery(query)
                .setMaxResults(max)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", LeasedWork.SKIP_LOCKED)
                .getResultStream().map(FlowExecution::id).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        // tries, then step runs, then executions: each references the one after it
        var runIds = cb.createQuery(UUID.class);
        var run = runIds.from(StepRun.class);
        runIds.select(run.get(StepRun_.id)).where(run.get(StepRun_.executionId).in(ids));
        AttemptLedger.forget(em, FlowStepWork.KIND,
                em.createQuery(runIds).getResultStream().map(UUID::toString).toList());
        var runs = cb.createCriteriaDelete(StepRun.class);
        runs.where(runs.from(StepRun.class).get(StepRun_.executionId).in(ids));
        em.createQuery(runs).executeUpdate();
        var executions = cb.createCriteriaDelete(FlowExecution.class);
        executions.where(executions.from(FlowExecution.class).get(FlowExecution_.id).in(ids));
        int deleted = em.createQuery(executions).executeUpdate();
        em.clear();
        return deleted;
    }
}
