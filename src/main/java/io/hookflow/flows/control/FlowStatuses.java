package io.hookflow.flows.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.flows.entity.ExecutionStatus;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.FlowExecution_;

/**
 * Keeps each flow's status in step with its executions ({@link FlowActivity}). Every transaction that starts
 * or settles an execution calls this: it locks the flows (in id order, after any execution locks it holds) and
 * recounts their unfinished executions, so two executions settling at once on two nodes cannot both miss
 * each other and leave a flow {@code running} with nothing in flight.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FlowStatuses {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /** Locks a flow, reading it again under the lock (a user or another node may have just changed it). */
    public Flow lock(Flow flow) {
        em.flush();
        em.refresh(flow, LockModeType.PESSIMISTIC_WRITE);
        return flow;
    }

    /** @param lastFinished per flow, how the execution that just ended came out (null when none ended) */
    public void follow(Map<UUID, ExecutionStatus> lastFinished) {
        if (lastFinished.isEmpty()) {
            return;
        }
        em.flush();
        List<UUID> ids = lastFinished.keySet().stream().sorted().toList();
        List<Flow> flows = new ArrayList<>();
        for (UUID id : ids) {
            flows.add(lock(em.find(Flow.class, id)));
        }
        Map<UUID, Long> running = count(ids, false);
        Map<UUID, Long> waiting = count(ids, true);
        flows.forEach(flow -> flow.follow(FlowActivity.status(flow.status(), running.getOrDefault(flow.id(), 0L),
                waiting.getOrDefault(flow.id(), 0L), lastFinished.get(flow.id()))));
    }

    /** Unfinished executions per flow: those waiting for a retry, or else those in flight. */
    private Map<UUID, Long> count(Collection<UUID> flowIds, boolean waitingForRetry) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createTupleQuery();
        var root = query.from(FlowExecution.class);
        var status = root.get(FlowExecution_.status);
        var nextRetry = root.get(FlowExecution_.nextRetryAt);
        var which = waitingForRetry
                ? cb.and(cb.equal(status, ExecutionStatus.SCHEDULED), cb.isNotNull(nextRetry))
                : cb.or(cb.equal(status, ExecutionStatus.IN_PROGRESS),
                        cb.and(cb.equal(status, ExecutionStatus.SCHEDULED), cb.isNull(nextRetry)));
        query.multiselect(root.get(FlowExecution_.flowId), cb.count(root))
                .where(root.get(FlowExecution_.flowId).in(flowIds), which)
                .groupBy(root.get(FlowExecution_.flowId));
        return em.createQuery(query).getResultStream()
                .collect(Collectors.toMap(t -> t.get(0, UUID.class), t -> t.get(1, Long.class)));
    }
}
