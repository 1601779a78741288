package io.hookflow.flows.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.delivery.control.LeasedWork;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowStatus;
import io.hookflow.flows.entity.Flow_;
import io.hookflow.flows.entity.Trigger;

/**
 * Starts the executions that flow schedules are due for, on the engine's poll. A due flow is locked with
 * SKIP LOCKED, its execution started for that due time and {@code next_run_at} moved past now, all in one
 * transaction: another server polling at the same moment skips the flow, and once this commits the time is no
 * longer due. The unique {@code (flow_id, scheduled_for)} is the last word should anything slip past that.
 * A server that was down for several due times starts one execution for the latest, not one for each.
 */
@ApplicationScoped
@Transactional
public class DueSchedules {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    @Inject
    Executions executions;

    /** Starts up to {@code max} due schedules; answers how many executions it started. */
    public int startDue(Instant now, int max) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(Flow.class);
        var flow = query.from(Flow.class);
        query.where(cb.lessThanOrEqualTo(flow.get(Flow_.nextRunAt), now),
                        flow.get(Flow_.status).in(List.of(FlowStatus.SCHEDULED, FlowStatus.RUNNING, FlowStatus.IN_PROGRESS, FlowStatus.FAILED)),
                        cb.isFalse(flow.get(Flow_.template)))
                .orderBy(cb.asc(flow.get(Flow_.nextRunAt)));
        List<Flow> due = em.createQuery(query).setMaxResults(max).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", LeasedWork.SKIP_LOCKED).getResultList();
        int started = 0;
        for (Flow one : due) {
            Instant dueTime = one.nextRunAt();
            if (!executions.startedFor(one.id(), dueTime)) {
                executions.start(one, Trigger.SCHEDULE, Map.of(), dueTime, null);
                started++;
            }
            one.scheduleNextRun(one.schedule().flatMap(schedule -> CronSchedules.nextAfter(schedule, now)).orElse(null));
        }
        return started;
    }
}
