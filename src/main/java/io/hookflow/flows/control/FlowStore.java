package io.hookflow.flows.control;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.hookflow.platform.control.NotFound;
import io.hookflow.flows.entity.Flow;
import io.hookflow.flows.entity.FlowExecution;
import io.hookflow.flows.entity.FlowExecution_;
import io.hookflow.flows.entity.FlowStatus;
import io.hookflow.flows.entity.FlowStep;
import io.hookflow.flows.entity.FlowStep_;
import io.hookflow.flows.entity.Flow_;

/** Finding a company's flows, their current steps and latest executions. Another company's flow is not found. */
@ApplicationScoped
@Transactional
public class FlowStore {

    @PersistenceContext(unitName = "hookflow")
    EntityManager em;

    /** The company's flow, unless it is deleted; empty otherwise, exactly as for a flow that never existed. */
    public Optional<Flow> owned(UUID companyId, String flowId) {
        return parse(flowId).map(id -> em.find(Flow.class, id))
                .filter(flow -> flow.companyId().equals(companyId) && !flow.isDeleted());
    }

    /** A flow by id alone (the inbound trigger authenticates by the flow's own token); deleted flows are not found. */
    public Optional<Flow> live(String flowId) {
        return parse(flowId).map(id -> em.find(Flow.class, id)).filter(flow -> !flow.isDeleted());
    }

    public static NotFound notFound(String flowId) {
        return new NotFound("flow " + flowId + " not found");
    }

    static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    public List<Flow> inWorkspace(UUID companyId, String workspaceId) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(Flow.class);
        var flow = query.from(Flow.class);
        query.where(cb.equal(flow.get(Flow_.companyId), companyId),
                        cb.equal(flow.get(Flow_.workspaceId), workspaceId),
                        cb.notEqual(flow.get(Flow_.status), FlowStatus.DELETED))
                .orderBy(cb.desc(flow.get(Flow_.createdAt)), cb.desc(flow.get(Flow_.id)));
        return em.createQuery(query).getResultList();
    }

    /** The current (not retired) steps of each flow, in step-number order. */
    public Map<UUID, List<FlowStep>> currentSteps(Collection<UUID> flowIds) {
        if (flowIds.isEmpty()) {
            return Map.of();
        }
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(FlowStep.class);
        var step = query.from(FlowStep.class);
        query.where(step.get(FlowStep_.flowId).in(flowIds), cb.isNull(step.get(FlowStep_.deletedAt)))
                .orderBy(cb.asc(step.get(FlowStep_.flowId)), cb.asc(step.get(FlowStep_.stepNumber)));
        return em.createQuery(query).getResultList().stream()
                .collect(Collectors.groupingBy(FlowStep::flowId, java.util.LinkedHashMap::new, Collectors.toList()));
    }

    public List<FlowStep> currentSteps(UUID flowId) {
        return currentSteps(List.of(flowId)).getOrDefault(flowId, List.of());
    }

    public List<FlowExecution> latestExecutions(UUID flowId, int limit) {
        var cb = em.getCriteriaBuilder();
        var query = cb.createQuery(FlowExecution.class);
        var execution = query.from(FlowExecution.class);
        query.where(cb.equal(execution.get(FlowExecution_.flowId), flowId))
                .orderBy(cb.desc(execution.get(FlowExecution_.createdAt)), cb.desc(execution.get(FlowExecution_.id)));
        return em.createQuery(query).setMaxResults(limit).getResultList();
    }

    public FlowDetails details(Flow flow) {
        return new FlowDetails(flow, currentSteps(flow.id()), latestExecutions(flow.id(), FlowDetails.LATEST_EXECUTIONS));
    }

    public List<FlowDetails> details(List<Flow> flows) {
        var steps = currentSteps(flows.stream().map(Flow::id).toList());
        return flows.stream()
                .map(flow -> new FlowDetails(flow, steps.getOrDefault(flow.id(), List.of()),
                        latestExecutions(flow.id(), FlowDetails.LATEST_EXECUTIONS)))
                .toList();
    }
}
